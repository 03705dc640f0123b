package io.polarity.pipeline.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.config.ConfigLoader;
import io.polarity.pipeline.ingest.IngestConfig;
import io.polarity.pipeline.ingest.IngestResult;
import io.polarity.pipeline.ingest.IngestStage;
import io.polarity.pipeline.ingest.ReviewIds;
import io.polarity.pipeline.ingest.SourceCounts;
import io.polarity.pipeline.io.StagedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateStageTest extends SparkTestBase {
  private static final int REVIEWS = 600;
  @TempDir Path dir;

  private static com.typesafe.config.Config conf(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigLoader.defaults()).resolve();
  }

  @ParameterizedTest
  @CsvSource({"aclimdb, none", "csv, none", "jsonl, gzip", "jsonl, bzip2"})
  void writesACorpusThatIngestReadsBackWhole(String format, String compression) {
    Path corpus = dir.resolve("corpus");
    String generate =
        "generate { output = \""
            + corpus
            + "\", format = "
            + format
            + ", reviews = "
            + REVIEWS
            + ", seed = 11, files = 3, unlabeled-fraction = 0.1, test-fraction = 0.3,"
            + " compression = "
            + compression
            + " }";
    long written = new GenerateStage(spark, GenerateConfig.from(conf(generate))).run();

    IngestResult result =
        new IngestStage(
                spark,
                IngestConfig.from(
                    conf(
                        "ingest { output = \""
                            + dir.resolve("tables")
                            + "\", source { name = gen,"
                            + " format = "
                            + format
                            + ", path = \""
                            + corpus
                            + "\" } }")))
            .run();

    ReviewGenerator generator = new ReviewGenerator(11, 0.03, 0.1);
    long distinctTexts =
        LongStream.range(0, REVIEWS)
            .mapToObj(i -> ReviewIds.duplicateKey(generator.review(i).getText()))
            .distinct()
            .count();
    SourceCounts counts = result.bySource().get("gen");
    assertThat(written).isEqualTo(REVIEWS);
    assertThat(counts.read()).isEqualTo(REVIEWS);
    assertThat(counts.quarantined()).isZero();
    assertThat(counts.accepted()).isEqualTo(distinctTexts);
    assertThat(counts.duplicates()).isEqualTo(REVIEWS - distinctTexts);
    assertThat(counts.byLabel().keySet())
        .containsExactlyInAnyOrder("positive", "negative", SourceCounts.NO_LABEL);
  }

  @Test
  void writesTheAclImdbFolderLayout() throws IOException {
    Path corpus = dir.resolve("acl");
    new GenerateStage(
            spark,
            GenerateConfig.from(
                conf(
                    "generate { output = \""
                        + corpus
                        + "\", reviews = 200, seed = 2,"
                        + " unlabeled-fraction = 0.2, test-fraction = 0.5 }")))
        .run();

    // the version of the committed output, hidden from readers as every _ file is
    assertThat(corpus.resolve(StagedOutput.VERSION_FILE)).isRegularFile();
    try (Stream<Path> files = Files.walk(corpus)) {
      Map<String, Long> byFolder =
          files
              .filter(Files::isRegularFile)
              .filter(f -> !f.equals(corpus.resolve(StagedOutput.VERSION_FILE)))
              .peek(f -> assertThat(f.getFileName().toString()).matches("\\d+_\\d+\\.txt"))
              .collect(
                  Collectors.groupingBy(
                      f -> corpus.relativize(f.getParent()).toString(), Collectors.counting()));
      assertThat(byFolder.keySet())
          .containsExactlyInAnyOrder(
              "train/pos", "train/neg", "train/unsup", "test/pos", "test/neg", "test/unsup");
      assertThat(byFolder.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(200);
    }
  }
}
