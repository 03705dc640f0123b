package io.polarity.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what jobs on a test cluster wrote under an {@code hdfs://} root, from the test's own JVM: a
 * small local Spark session over the warehouse's tables and any Parquet path; and the HDFS they
 * write to. Shared by the standalone and the YARN cluster tests.
 */
public final class HdfsWarehouse implements AutoCloseable {
  private final SparkSession spark;
  private final String root;

  /** A reader of the outputs under {@code root} (the warehouse is {@code <root>/warehouse}). */
  public HdfsWarehouse(String root, String name) {
    this.root = root;
    this.spark =
        SparkSession.builder()
            .master("local[1]")
            .appName(name)
            .config("spark.ui.enabled", false)
            .config("spark.driver.host", "127.0.0.1")
            .getOrCreate();
  }

  /**
   * A one-DataNode HDFS (MiniDFSCluster) keeping its data under {@code baseDir}, with permissions
   * off: the jobs and containers run as this user. The caller shuts it down.
   */
  public static MiniDFSCluster startHdfs(Path baseDir) throws IOException {
    Configuration hadoop = new Configuration();
    hadoop.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    hadoop.setBoolean("dfs.permissions.enabled", false);
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(hadoop).numDataNodes(1).build();
    hdfs.waitClusterUp();
    return hdfs;
  }

  /** The Parquet table at {@code path} under the root. */
  public Dataset<Row> parquet(String path) {
    return spark.read().parquet(root + "/" + path);
  }

  /** A warehouse table. */
  public Dataset<Row> table(String name) {
    return parquet("warehouse/" + name);
  }

  /** Run id to status, from the warehouse's runs table. */
  public Map<String, String> runs() {
    Map<String, String> status = new HashMap<>();
    for (Row r : table("runs").select("run_id", "status").collectAsList()) {
      status.put(r.getString(0), r.getString(1));
    }
    return status;
  }

  @Override
  public void close() {
    spark.stop();
  }
}
