package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.col;

import io.polarity.pipeline.config.InvalidConfigException;
import io.polarity.pipeline.io.HadoopConf;
import io.polarity.pipeline.io.Iterators;
import io.polarity.pipeline.io.StagedOutput;
import io.polarity.pipeline.io.Steps;
import io.polarity.pipeline.io.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The ingest stage: raw corpora in, the canonical review table, the quarantine table and a
 * data-quality summary out, under one output directory committed all-or-nothing.
 *
 * <p>Every file is listed on the driver; text files are checked on the executors ({@link
 * FileCheck}) before Spark's readers parse the readable ones, and each unreadable file becomes one
 * quarantined record. Validated records are cached (memory, spilling to disk) because the counts,
 * the quarantine and the duplicate resolution ({@link Deduplicator}) read them. The counts are
 * taken independently ({@link IngestCounts}) and must add up before anything is committed.
 */
public final class IngestStage {
  private static final Logger LOG = LoggerFactory.getLogger(IngestStage.class);
  static final String JOB = "ingest";
  private static final long BYTES_PER_PARTITION = 128L << 20;

  private static final int FILES_PER_PARTITION = 2000;

  private final SparkSession spark;
  private final IngestConfig config;
  private final UnaryOperator<Dataset<Review>> beforeWrite;

  public IngestStage(SparkSession spark, IngestConfig config) {
    this(spark, config, UnaryOperator.identity());
  }

  /**
   * For tests: {@code beforeWrite} changes the reviews just before they are written (a test drops
   * one to prove that the counts then fail the run).
   */
  IngestStage(SparkSession spark, IngestConfig config, UnaryOperator<Dataset<Review>> beforeWrite) {
    this.spark = spark;
    this.config = config;
    this.beforeWrite = beforeWrite;
  }

  public IngestResult run() {
    return run(result -> {});
  }

  /**
   * Runs the stage; {@code beforeCommit} receives the result once every output is staged and the
   * counts add up, and may still fail the run (the job writes the warehouse rows there), before the
   * output replaces the previous one.
   */
  public IngestResult run(Consumer<IngestResult> beforeCommit) {
    String runId = config.runId();
    Map<SourceConfig, List<InputFile>> inputs = listInputs();
    LOG.info(
        "Ingest {} starting: {} source(s), {} files -> {}",
        runId,
        inputs.size(),
        inputs.values().stream().mapToInt(List::size).sum(),
        config.output());
    Dataset<ValidatedRecord> records = null;
    Deduplicator deduplicator = null;
    try (StagedOutput out =
            new StagedOutput(spark.sparkContext().hadoopConfiguration(), config.output(), runId);
        Steps steps = new Steps(spark, JOB, runId, LOG)) {
      steps.next("ingest: check files");
      Dataset<RawReview> raw = readSources(inputs);
      records = validate(raw, inputs).persist(StorageLevel.MEMORY_AND_DISK());

      steps.next("ingest: read, validate and count");
      IngestCounts counts = new IngestCounts(spark);
      counts.countRead(records);
      requireReadable(records, counts);
      requireGroupKeys(counts);

      steps.next("ingest: find conflicting labels and write quarantine");
      Dataset<ValidatedRecord> candidates = records.filter(col("reason").isNull());
      deduplicator = new Deduplicator(spark, config.conflictingLabels(), candidates);
      if (deduplicator.conflictingTexts() > 0) {
        LOG.info(
            "{} texts have copies with conflicting labels ({})",
            deduplicator.conflictingTexts(),
            config.conflictingLabels() == IngestConfig.ConflictingLabels.QUARANTINE
                ? "every copy quarantined"
                : "one copy kept");
      }
      counts.countConflicting(deduplicator.conflicting(candidates));
      writeQuarantine(
          records, deduplicator.quarantined(candidates), runId, out.path(IngestResult.QUARANTINE));

      steps.next("ingest: remove duplicates and write reviews");
      CountsBySource duplicates = new CountsBySource();
      spark.sparkContext().register(duplicates, "ingest " + runId + ": duplicates");
      Dataset<Review> reviews =
          deduplicator
              .kept(candidates, duplicates)
              .map((MapFunction<ValidatedRecord, Review>) r -> r.toReview(runId), Review.ENCODER);
      Tables.toTable(beforeWrite.apply(reviews))
          .write()
          .mode(SaveMode.ErrorIfExists)
          .partitionBy("split")
          .parquet(out.path(IngestResult.REVIEWS));
      counts.countDuplicates(duplicates.value());

      steps.next("ingest: count and check");
      Map<String, Integer> listed = new LinkedHashMap<>();
      inputs.forEach((source, list) -> listed.put(source.name(), list.size()));
      IngestResult result =
          new IngestResult(
              runId,
              config.output(),
              counts.bySource(
                  config.sources(),
                  listed,
                  out.path(IngestResult.REVIEWS),
                  out.path(IngestResult.QUARANTINE)));
      IngestCounts.requireBalanced(result.bySource());
      Tables.toTable(spark.createDataset(result.dataQuality(), DataQualityRow.ENCODER))
          .coalesce(1)
          .write()
          .parquet(out.path(IngestResult.DATA_QUALITY));
      beforeCommit.accept(result);
      steps.next("ingest: commit");
      out.commit();
      LOG.info(
          "Ingest {} done: read {}, accepted {}, quarantined {}, duplicates {}",
          runId,
          result.total(SourceCounts::read),
          result.total(SourceCounts::accepted),
          result.total(SourceCounts::quarantined),
          result.total(SourceCounts::duplicates));
      return result;
    } finally {
      if (records != null) {
        records.unpersist();
      }
      if (deduplicator != null) {
        deduplicator.close();
      }
    }
  }

  /** Every source's files, listed on the driver; fails on a path that matches nothing. */
  private Map<SourceConfig, List<InputFile>> listInputs() {
    Map<SourceConfig, List<InputFile>> inputs = new LinkedHashMap<>();
    for (SourceConfig source : config.sources()) {
      inputs.put(
          source,
          source.format() == InputFormat.ACLIMDB
              ? AclImdbReader.files(spark.sparkContext().hadoopConfiguration(), source)
              : InputFile.list(
                  spark.sparkContext().hadoopConfiguration(), source.name(), source.path()));
    }
    return inputs;
  }

  /**
   * The raw records of every source: aclImdb files read whole, text files checked first and the
   * readable ones read by Spark's readers, each unreadable file as one record.
   */
  private Dataset<RawReview> readSources(Map<SourceConfig, List<InputFile>> inputs) {
    Map<String, FileCheck.Problem> problems = checkTextFiles(inputs);
    Dataset<RawReview> raw = null;
    for (Map.Entry<SourceConfig, List<InputFile>> input : inputs.entrySet()) {
      SourceConfig source = input.getKey();
      Dataset<RawReview> one;
      if (source.format() == InputFormat.ACLIMDB) {
        one = new AclImdbReader(spark).read(source, input.getValue(), config.splits().byGroup());
      } else {
        List<String> readable = new ArrayList<>();
        List<RawReview> unreadable = new ArrayList<>();
        for (InputFile file : input.getValue()) {
          FileCheck.Problem problem = problems.get(file.path());
          if (problem == null) {
            readable.add(file.path());
          } else {
            unreadable.add(
                RawReview.unreadable(
                    source.name(), file.path(), problem.reason(), problem.detail(), null));
          }
        }
        one = spark.createDataset(unreadable, RawReview.ENCODER);
        if (!readable.isEmpty()) {
          one = SourceReader.forFormat(spark, source.format()).read(source, readable).union(one);
        }
      }
      raw = raw == null ? one : raw.union(one);
    }
    return raw;
  }

  /**
   * Checks every text file on the executors; returns the problem of each unreadable one by path.
   * With {@code on-unreadable-file = fail} the first problem stops the run here.
   */
  private Map<String, FileCheck.Problem> checkTextFiles(Map<SourceConfig, List<InputFile>> inputs) {
    List<String[]> paths = new ArrayList<>(); // path, encoding
    inputs.forEach(
        (source, files) -> {
          if (source.format() != InputFormat.ACLIMDB) {
            files.forEach(f -> paths.add(new String[] {f.path(), source.encoding()}));
          }
        });
    Map<String, FileCheck.Problem> problems = new LinkedHashMap<>();
    if (paths.isEmpty()) {
      return problems;
    }
    HadoopConf conf = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    int tasks = Math.min(paths.size(), Math.max(1, spark.sparkContext().defaultParallelism() * 2));
    for (Tuple2<String, FileCheck.Problem> problem :
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(paths, tasks)
            .map(file -> new Tuple2<>(file[0], FileCheck.problem(conf.get(), file[0], file[1])))
            .filter(p -> p._2() != null)
            .collect()) {
      problems.put(problem._1(), problem._2());
    }
    if (!problems.isEmpty() && config.onUnreadableFile() == IngestConfig.OnUnreadableFile.FAIL) {
      Map.Entry<String, FileCheck.Problem> first = problems.entrySet().iterator().next();
      throw unreadable(problems.size(), first.getKey(), first.getValue().detail());
    }
    return problems;
  }

  /** With {@code on-unreadable-file = fail}, stops the run on an unreadable aclImdb file. */
  private void requireReadable(Dataset<ValidatedRecord> records, IngestCounts counts) {
    if (config.onUnreadableFile() != IngestConfig.OnUnreadableFile.FAIL) {
      return;
    }
    long unreadable =
        config.sources().stream().mapToLong(s -> counts.unreadableFiles(s.name())).sum();
    if (unreadable > 0) {
      ValidatedRecord first =
          records.filter(col("reason").equalTo(QuarantineReason.UNREADABLE_FILE.code())).first();
      throw unreadable(unreadable, first.getSourceFile(), first.getDetail());
    }
  }

  /**
   * With {@code group-by = group}: a source none of whose reviews has a group key (a misspelt
   * {@code columns.group}, an empty urls file) stops the run, naming where the key was looked for;
   * a source where only some lack one is warned about and counted ({@code split.ungrouped}), each
   * such review being a group of its own.
   */
  private void requireGroupKeys(IngestCounts counts) {
    for (SourceConfig source : config.sources()) {
      long grouped = counts.grouped(source.name());
      long ungrouped = counts.ungrouped(source.name());
      if (ungrouped == 0) {
        continue;
      }
      String where =
          source.format() == InputFormat.ACLIMDB
              ? "the urls files under " + source.path() + "/train"
              : "the field '" + source.columns().group() + "' (its columns.group)";
      if (grouped == 0) {
        throw new InvalidConfigException(
            "ingest.split.group-by = group, but none of the "
                + ungrouped
                + " reviews of source '"
                + source.name()
                + "' has a group key in "
                + where
                + "; check it, or set ingest.split.group-by = review");
      }
      LOG.warn(
          "Source '{}': {} of {} reviews have no group key in {}; each is split on its own"
              + " (data_quality split.ungrouped)",
          source.name(),
          ungrouped,
          grouped + ungrouped,
          where);
    }
  }

  private static IllegalStateException unreadable(long files, String path, String problem) {
    return new IllegalStateException(
        "cannot read "
            + path
            + ": "
            + problem
            + (files > 1 ? " (and " + (files - 1) + " more unreadable files)" : "")
            + "; ingest.on-unreadable-file = fail stops the run (quarantine: ingest the rest)");
  }

  private Dataset<ValidatedRecord> validate(
      Dataset<RawReview> raw, Map<SourceConfig, List<InputFile>> inputs) {
    Map<String, LabelRules> labels = new LinkedHashMap<>();
    config.sources().forEach(s -> labels.put(s.name(), s.labels()));
    RecordValidator validator =
        new RecordValidator(
            labels, config.splits(), config.maxReviewChars(), config.quarantineRawChars());
    int target = targetPartitions(inputs);
    if (raw.rdd().getNumPartitions() > target) {
      // Many small files make thousands of tiny scan partitions; every later action over the
      // cached records would pay a task for each. Fewer, larger partitions read the same files.
      raw = raw.coalesce(target);
    }
    return raw.mapPartitions(
        (MapPartitionsFunction<RawReview, ValidatedRecord>)
            rows -> Iterators.map(rows, validator::validate),
        ValidatedRecord.ENCODER);
  }

  /**
   * About {@link #BYTES_PER_PARTITION} of input and at most {@link #FILES_PER_PARTITION} files per
   * partition (so a task's share of a file list stays small), and two per core at least.
   */
  private int targetPartitions(Map<SourceConfig, List<InputFile>> inputs) {
    long bytes = 0;
    long files = 0;
    for (List<InputFile> list : inputs.values()) {
      files += list.size();
      for (InputFile f : list) {
        bytes += f.length();
      }
    }
    long bySize = (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
    long byFiles = (files + FILES_PER_PARTITION - 1) / FILES_PER_PARTITION;
    return (int)
        Math.max(
            2L * spark.sparkContext().defaultParallelism(),
            Math.min(Math.max(bySize, byFiles), 100_000));
  }

  /** The rejected records and the conflicting copies to quarantine (with their reasons). */
  private void writeQuarantine(
      Dataset<ValidatedRecord> records,
      Dataset<ValidatedRecord> conflicting,
      String runId,
      String path) {
    int rawChars = config.quarantineRawChars();
    Dataset<QuarantineRecord> rejected =
        records
            .filter((FilterFunction<ValidatedRecord>) r -> r.getReason() != null)
            .map(
                (MapFunction<ValidatedRecord, QuarantineRecord>) r -> r.toQuarantine(runId),
                QuarantineRecord.ENCODER);
    Dataset<QuarantineRecord> copies =
        conflicting.map(
            (MapFunction<ValidatedRecord, QuarantineRecord>)
                r -> r.toConflictQuarantine(runId, rawChars),
            QuarantineRecord.ENCODER);
    Tables.toTable(rejected.union(copies)).write().mode(SaveMode.ErrorIfExists).parquet(path);
  }
}
