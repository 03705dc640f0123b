package io.polarity.pipeline.ingest;

import static io.polarity.pipeline.ingest.IngestFixtures.config;
import static io.polarity.pipeline.ingest.IngestFixtures.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.polarity.pipeline.SparkTestBase;
import io.polarity.pipeline.io.Tables;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest of the real Stanford IMDB training half from {@code ../shared/data}, when present: by
 * review and by movie.
 */
class RealCorpusIngestTest extends SparkTestBase {
  private static final File DATA =
      new File(System.getProperty("polarity.shared.data", "../../shared/data"));
  private static final File TARBALL = new File(DATA, "aclImdb_train.tar.gz");
  private static final File URLS = new File(DATA, "aclImdb_train_urls.tar.gz");

  @TempDir Path dir;

  @Test
  void ingestsTheImdbTrainingHalfWithExactCounts() throws IOException, InterruptedException {
    assumeTrue(
        TARBALL.isFile(),
        "skipped: the IMDB corpus " + TARBALL + " is missing (see README, Development)");
    untar(TARBALL);

    IngestResult result = ingest("review");

    SourceCounts imdb = result.bySource().get("imdb");
    assertThat(imdb)
        .isEqualTo(
            new SourceCounts(
                75_000,
                74_053,
                0,
                947,
                0,
                75_000,
                0,
                0,
                0,
                Map.of("train", 66_643L, "validation", 7_410L),
                Map.of("positive", 12_471L, "negative", 12_431L, SourceCounts.NO_LABEL, 49_151L),
                Map.of()));
  }

  @Test
  void splitsTheImdbTrainingHalfByMovie() throws IOException, InterruptedException {
    assumeTrue(
        TARBALL.isFile() && URLS.isFile(),
        "skipped: the IMDB corpus or its urls files are missing in " + DATA);
    untar(TARBALL);
    untar(URLS);

    IngestResult result = ingest("group");

    // the movie of each review, read here from the urls files, not from the job
    Map<String, Set<String>> splitsByMovie = new HashMap<>();
    Map<String, List<String>> urls = new HashMap<>();
    for (String cls : List.of("pos", "neg", "unsup")) {
      urls.put(cls, Files.readAllLines(dir.resolve("aclImdb/train/urls_" + cls + ".txt")));
    }
    // the two columns it needs, not the 74,053 texts
    List<Row> reviews =
        Tables.readTable(spark, dir.resolve("out/reviews").toString(), Review.ENCODER)
            .select("source_id", "split")
            .collectAsList();
    for (Row r : reviews) {
      String[] id = r.getString(0).split("/");
      String url = urls.get(id[1]).get(Integer.parseInt(id[2]));
      splitsByMovie.computeIfAbsent(url, u -> new HashSet<>()).add(r.getString(1));
    }
    assertThat(reviews).hasSize(74_053);
    assertThat(splitsByMovie.values()).allMatch(s -> s.size() == 1);
    assertThat(result.bySource().get("imdb").bySplit())
        .isEqualTo(Map.of("train", 66_365L, "validation", 7_688L));
    // every one of the 75,000 files has its line in the urls files (12,500 + 12,500 + 50,000)
    assertThat(
            List.of(
                result.bySource().get("imdb").grouped(), result.bySource().get("imdb").ungrouped()))
        .containsExactly(75_000L, 0L);
  }

  /** Ingests the unpacked corpus as the source imdb, split by review or by group (movie). */
  private IngestResult ingest(String groupBy) {
    return new IngestStage(
            spark,
            config(
                "ingest { output = "
                    + quoted(dir.resolve("out"))
                    + ", split.group-by = "
                    + groupBy
                    + ", source { name = imdb, format = aclimdb, path = "
                    + quoted(dir.resolve("aclImdb"))
                    + " } }"))
        .run();
  }

  private void untar(File tarball) throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "xzf", tarball.getAbsolutePath(), "-C", dir.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
  }
}
