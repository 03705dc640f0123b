package io.polarity.pipeline.ingest;

import static org.apache.spark.sql.functions.input_file_name;

import io.polarity.pipeline.io.Iterators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads text files with one review per line ({@code \n}, {@code \r\n} or {@code \r}; a UTF-8
 * byte-order mark is skipped). A line has no id, label or rating: its id is hashed from the source
 * name and the text, and its label is the source's {@code labels.fixed}. Blank lines are records
 * too, quarantined as {@code empty_text}. Files in another encoding than UTF-8 are split into lines
 * by Hadoop's line reader and each line decoded in it (Spark's text source reads UTF-8 only).
 */
final class LinesReader implements SourceReader {
  private final SparkSession spark;

  LinesReader(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public Dataset<RawReview> read(SourceConfig source, List<String> files) {
    String name = source.name();
    if (!Charset.forName(source.encoding()).equals(StandardCharsets.UTF_8)) {
      return decoded(name, source.encoding(), files);
    }
    return spark
        .read()
        .option("encoding", "UTF-8")
        .text(files.toArray(String[]::new))
        .withColumn(CsvReader.FILE, input_file_name())
        .map(
            (MapFunction<Row, RawReview>)
                row ->
                    RawReview.parsed(
                        name, row.getString(1), null, row.getString(0), null, null, null),
            RawReview.ENCODER);
  }

  /** The lines of {@code files} decoded in {@code encoding}; bytes it cannot map become U+FFFD. */
  private Dataset<RawReview> decoded(String name, String encoding, List<String> files) {
    Job job;
    try {
      job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
      FileInputFormat.setInputPaths(job, files.stream().map(Path::new).toArray(Path[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up reading " + files, e);
    }
    JavaNewHadoopRDD<LongWritable, Text> lines =
        (JavaNewHadoopRDD<LongWritable, Text>)
            JavaSparkContext.fromSparkContext(spark.sparkContext())
                .newAPIHadoopRDD(
                    job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    return spark.createDataset(
        lines
            .mapPartitionsWithInputSplit(
                (split, it) -> {
                  String file = ((FileSplit) split).getPath().toString();
                  Charset charset = Charset.forName(encoding);
                  return Iterators.map(
                      it,
                      line ->
                          RawReview.parsed(
                              name,
                              file,
                              null,
                              new String(line._2().getBytes(), 0, line._2().getLength(), charset),
                              null,
                              null,
                              null));
                },
                true /* keeps the splits */)
            .rdd(),
        RawReview.ENCODER);
  }
}
