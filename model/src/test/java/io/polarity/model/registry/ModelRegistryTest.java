package io.polarity.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polarity.model.network.Architecture;
import io.polarity.model.network.Hyperparameters;
import io.polarity.model.network.Networks;
import io.polarity.model.registry.ModelRegistry.Decision;
import io.polarity.model.registry.ModelRegistry.Entry;
import io.polarity.model.registry.ModelRegistry.Model;
import io.polarity.model.train.ModelStore;
import io.polarity.model.train.SparkTrainer;
import io.polarity.pipeline.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  private static final PromotionPolicy POLICY =
      new PromotionPolicy("accuracy", 0.005, Map.of("accuracy", 0.80), Map.of("ece", 0.10));

  @TempDir Path dir;

  private ModelRegistry registry() {
    return new ModelRegistry(new Configuration(), dir.resolve("warehouse").toString());
  }

  private static Model model(String runId) {
    return new Model(runId, "/models/" + runId, "v-1");
  }

  private static Map<String, Double> scores(double accuracy, double ece) {
    return Map.of("accuracy", accuracy, "ece", ece);
  }

  @Test
  void theFirstModelBecomesChampionWhenItPassesTheBounds() {
    ModelRegistry registry = registry();

    Decision first = registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);

    assertThat(first.action()).isEqualTo("promoted");
    assertThat(first.reason())
        .isEqualTo("no champion yet; the challenger passes the quality bounds");
    assertThat(registry.champion()).get().extracting(c -> c.model().runId()).isEqualTo("a");
  }

  @Test
  void aModelBelowTheBoundsIsRejectedEvenWithoutAChampion() {
    ModelRegistry registry = registry();

    Decision d = registry.consider(model("a"), scores(0.75, 0.12), null, POLICY);

    assertThat(d.action()).isEqualTo("rejected");
    assertThat(d.reason())
        .isEqualTo(
            "below the quality bounds: accuracy 0.7500 < minimum 0.8000; ece 0.1200 > maximum"
                + " 0.1000");
    assertThat(registry.champion()).isEmpty();
  }

  @Test
  void aWorseChallengerIsKeptOutABetterOnePromotedAndRollbackGoesBack() {
    ModelRegistry registry = registry();
    registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);

    // better, but by less than the margin of 0.005
    Decision close = registry.consider(model("b"), scores(0.903, 0.03), scores(0.90, 0.03), POLICY);
    Decision better = registry.consider(model("c"), scores(0.91, 0.03), scores(0.90, 0.03), POLICY);

    assertThat(close.action()).isEqualTo("kept");
    assertThat(close.reason())
        .isEqualTo(
            "not better by the margin: accuracy 0.9030 against the champion's 0.9000 (margin"
                + " 0.0050)");
    assertThat(better.action()).isEqualTo("promoted");
    assertThat(better.championBefore()).isEqualTo("a");
    assertThat(better.championAfter()).isEqualTo("c");
    assertThat(registry.champion().get().model().runId()).isEqualTo("c");
    assertThat(registry.champion().get().previous()).extracting(Model::runId).containsExactly("a");

    Decision back = registry.rollback("c misbehaves on tonight's reviews");

    assertThat(back.action()).isEqualTo("rolled back");
    assertThat(back.championAfter()).isEqualTo("a");
    assertThat(registry.champion().get().model().runId()).isEqualTo("a");
    assertThat(registry.champion().get().previous()).isEmpty();
    assertThatThrownBy(() -> registry.rollback("again"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "the champion a is the first one: there is no earlier champion to roll back to");
    assertThat(registry.history())
        .extracting(e -> e.decision().sequence(), e -> e.decision().action(), Entry::applied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "promoted", true),
            org.assertj.core.groups.Tuple.tuple(2L, "kept", true),
            org.assertj.core.groups.Tuple.tuple(3L, "promoted", true),
            org.assertj.core.groups.Tuple.tuple(4L, "rolled back", true));
  }

  @Test
  void aChallengerMustBeComparedWithTheChampionOnTheSameData() {
    ModelRegistry registry = registry();
    registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);

    assertThatThrownBy(() -> registry.consider(model("b"), scores(0.95, 0.03), null, POLICY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the champion a must be scored on the same data");
    assertThat(registry.history()).hasSize(1);
  }

  @Test
  void aDecisionWhoseMoveWasInterruptedIsReportedAndThePointerStaysWhole() throws Exception {
    ModelRegistry registry = registry();
    registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);
    Path registryDir = dir.resolve("warehouse/registry");
    byte[] pointer = Files.readAllBytes(registryDir.resolve(ModelRegistry.CHAMPION));
    registry.consider(model("b"), scores(0.95, 0.03), scores(0.90, 0.03), POLICY);
    // the process died after recording decision 2 and before moving the pointer, and left the
    // half-written pointer it was about to rename into place
    Files.write(registryDir.resolve(ModelRegistry.CHAMPION), pointer);
    Files.writeString(registryDir.resolve("." + ModelRegistry.CHAMPION + ".tmp"), "{\"model\": {");

    assertThat(registry.champion().get().model().runId()).isEqualTo("a");
    assertThat(registry.history())
        .extracting(e -> e.decision().championAfter(), Entry::applied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", true),
            org.assertj.core.groups.Tuple.tuple("b", false));
    // the next decision is numbered after it and moves the pointer as usual
    Decision next = registry.consider(model("c"), scores(0.96, 0.03), scores(0.90, 0.03), POLICY);
    assertThat(next.sequence()).isEqualTo(3);
    assertThat(registry.champion().get().model().runId()).isEqualTo("c");
    // b never became champion, whatever came after it
    assertThat(registry.history())
        .extracting(e -> e.decision().championAfter(), Entry::applied)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", true),
            org.assertj.core.groups.Tuple.tuple("b", false),
            org.assertj.core.groups.Tuple.tuple("c", true));
  }

  @Test
  void promotesATrainedModelByHand() {
    String modelDir = dir.resolve("models/run-7").toString();
    ComputationGraph net =
        new ComputationGraph(
            Networks.create(
                new Hyperparameters(
                    Architecture.NGRAM_BAG,
                    Hyperparameters.Optimizer.ADAM,
                    0.05,
                    1.0,
                    0.0,
                    0.0,
                    0,
                    8,
                    new int[] {3},
                    1.0,
                    false),
                10,
                2,
                7));
    net.init();
    ModelStore store = new ModelStore(new Configuration(), modelDir);
    store.writeModel(SparkTrainer.MODEL, net);
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("run_id", "run-7");
    card.put("input", "ngrams");
    card.put("labels", List.of("negative", "positive"));
    card.put("vocabulary_path", "/features/vocabulary");
    card.put("vocabulary_version", "v-abc");
    store.writeJson(SparkTrainer.CARD, card);
    ModelRegistry registry = registry();

    Decision d = registry.promote(modelDir, "chosen by the data team");

    assertThat(d.action()).isEqualTo("promoted by hand");
    assertThat(registry.champion().get().model())
        .isEqualTo(new Model("run-7", "file:" + modelDir, "v-abc"));
    assertThatThrownBy(() -> registry.promote(dir.resolve("nothing").toString(), "oops"))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("no model artifact in file:" + dir.resolve("nothing"));
  }

  private Path registryFile(String name) {
    return dir.resolve("warehouse/registry").resolve(name);
  }

  @Test
  void aDamagedDecisionIsNamedWithItsRepairWhichMovesItAside() throws Exception {
    ModelRegistry registry = registry();
    registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);
    registry.consider(model("b"), scores(0.89, 0.03), scores(0.90, 0.03), POLICY);
    Path second = registryFile("decisions/00000002.json");
    Files.writeString(second, Files.readString(second).substring(0, 40)); // cut short

    assertThatThrownBy(registry::history)
        .isInstanceOf(ModelRegistry.DamagedException.class)
        .hasMessageStartingWith("the decision " + second + " cannot be read (JsonEOFException: ")
        .hasMessageContaining(
            "`polarity runs repair` moves it aside into "
                + dir.resolve("warehouse/_damaged/registry/decisions"));
    List<String> done = registry.repair();
    Decision third = registry.consider(model("c"), scores(0.95, 0.03), scores(0.90, 0.03), POLICY);

    assertThat(done)
        .singleElement()
        .asString()
        .startsWith("moved the damaged decision " + second + " (JsonEOFException: ")
        .endsWith(" to " + dir.resolve("warehouse/_damaged/registry/decisions/00000002.json"));
    assertThat(second).doesNotExist();
    // its number is not taken again
    assertThat(third.sequence()).isEqualTo(3L);
    assertThat(registry.history()).extracting(e -> e.decision().sequence()).containsExactly(1L, 3L);
  }

  @Test
  void aDamagedChampionPointerIsRebuiltFromTheDecisions() throws Exception {
    ModelRegistry registry = registry();
    registry.consider(model("a"), scores(0.90, 0.03), null, POLICY);
    registry.consider(model("b"), scores(0.92, 0.03), scores(0.90, 0.03), POLICY);
    registry.consider(model("c"), scores(0.95, 0.03), scores(0.92, 0.03), POLICY);
    registry.rollback("c misbehaves");
    ModelRegistry.Champion before = registry.champion().orElseThrow();
    Files.writeString(registryFile("champion.json"), "{\"model\": {\"runId\": \"b\"");

    assertThatThrownBy(registry::champion)
        .isInstanceOf(ModelRegistry.DamagedException.class)
        .hasMessageStartingWith(
            "the champion pointer " + registryFile("champion.json") + " cannot be read (")
        .hasMessageEndingWith("): `polarity runs repair` rebuilds it from the decisions");
    List<String> done = registry.repair();

    assertThat(done)
        .containsExactly(
            done.get(0), "rebuilt the champion pointer from the decisions: b (decision 4)");
    assertThat(done.get(0))
        .startsWith("moved the damaged champion pointer " + registryFile("champion.json"))
        .endsWith(" to " + dir.resolve("warehouse/_damaged/registry/champion.json"));
    assertThat(registry.champion()).contains(before);
    assertThat(before.previous()).extracting(Model::runId).containsExactly("a");
  }
}
