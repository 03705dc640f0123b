package io.polarity.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the jobs' SparkSession. The master, memory and cluster settings come from spark-submit
 * (the launcher passes {@code --master} and {@code --conf spark.*}); only what Polarity itself
 * relies on is set here.
 */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession forJob(String job) {
    return SparkSession.builder()
        .appName("polarity-" + job)
        // re-runs over the same paths overwrite only what they rewrite
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .getOrCreate();
  }
}
