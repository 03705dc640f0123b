package io.polarity.model.nightly;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.polarity.model.train.ModelStore;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * What the nightly stages last did, under {@code <warehouse>/nightly/}: {@code stages/<stage>.json}
 * is a stage's last success (the fingerprint of its inputs and settings, its run id and what it
 * produced), {@code attempts/<stage>.json} its last start. Each file is replaced in one step.
 */
final class StageLedger {
  private final ModelStore store;
  private final String directory;

  StageLedger(Configuration hadoop, String directory) {
    this.store = new ModelStore(hadoop, directory);
    this.directory = directory;
  }

  /**
   * One stage's record.
   *
   * @param fingerprint SHA-256 over the stage's settings and the versions of its inputs
   * @param outputs what it produced: {@code output} (a path), {@code model}, {@code decision}, ...
   * @param scores an evaluation's whole-split scores of the challenger
   * @param championScores the champion's, on the same reviews (null without a champion)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(
      String stage,
      String runId,
      String fingerprint,
      String finishedAt,
      Map<String, String> outputs,
      Map<String, Double> scores,
      Map<String, Double> championScores) {

    String output(String name) {
      return outputs == null ? null : outputs.get(name);
    }
  }

  Optional<Entry> lastSuccess(String stage) {
    return read("stages/" + stage + ".json");
  }

  void succeeded(Entry entry) {
    store.writeJson("stages/" + entry.stage() + ".json", entry);
  }

  Optional<Entry> lastAttempt(String stage) {
    return read("attempts/" + stage + ".json");
  }

  void attempt(Entry entry) {
    store.writeJson("attempts/" + entry.stage() + ".json", entry);
  }

  String directory() {
    return directory;
  }

  private Optional<Entry> read(String name) {
    return store.exists(name) ? Optional.of(store.readJson(name, Entry.class)) : Optional.empty();
  }
}
