package io.polarity.pipeline.io;

import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's output directory written all-or-nothing: everything goes to a hidden staging directory
 * beside the target, and {@link #commit()} swaps it in with two renames (old target aside, staging
 * in), then deletes the old one. Used in try-with-resources: closing it without a commit, on any
 * failure (a full disk, Spark's checked exceptions, an error), removes the staging directory, and
 * the previous output stays as it was; so does a JVM stopped by a signal ({@link Termination}).
 * Renames are atomic on HDFS and local disks; on object stores (S3A) a rename is a copy, so the
 * swap is not atomic there, but the previous output is still only replaced after the new one is
 * complete.
 */
public final class StagedOutput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  /**
   * Written into every committed output: its version, the run id that produced it and a random part
   * (two commits by one run id, such as a retry's, differ), which a later stage (the nightly run)
   * compares to know whether its input changed.
   */
  public static final String VERSION_FILE = "_polarity_run";

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final Path previous;
  private final String runId;
  private final Termination.Registration cleanup;
  private boolean committed;

  public StagedOutput(Configuration hadoopConf, String target, String runId) {
    this.target = new Path(target);
    Path parent = this.target.getParent();
    if (parent == null) {
      throw new InvalidConfigException("output must not be a filesystem root, but was: " + target);
    }
    String name = this.target.getName();
    this.staging = new Path(parent, ".polarity-staging-" + name + "-" + runId);
    this.previous = new Path(parent, ".polarity-previous-" + name + "-" + runId);
    this.runId = runId;
    try {
      this.fs = this.target.getFileSystem(hadoopConf);
      if (fs.exists(staging)) {
        fs.delete(staging, true /* recursive: a leftover of a crashed run with this id */);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare staging directory " + staging, e);
    }
    this.cleanup = Termination.cleanup("remove " + staging, this::abort);
  }

  /** Where a part of the output ({@code reviews}, {@code quarantine}, ...) is staged. */
  public String path(String child) {
    return new Path(staging, child).toString();
  }

  /** The staging directory itself, for a job whose whole output is one dataset. */
  public String root() {
    return staging.toString();
  }

  public String target() {
    return target.toString();
  }

  /** Replaces the target with the staged output. */
  public void commit() {
    try {
      try (FSDataOutputStream mark = fs.create(new Path(staging, VERSION_FILE), true)) {
        mark.write((runId + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
      }
      boolean hadPrevious = fs.exists(target);
      if (hadPrevious && !fs.rename(target, previous)) {
        throw new IOException("rename " + target + " -> " + previous + " failed");
      }
      if (!fs.rename(staging, target)) {
        if (hadPrevious) {
          fs.rename(previous, target);
        }
        throw new IOException("rename " + staging + " -> " + target + " failed");
      }
      committed = true;
      cleanup.close();
      if (hadPrevious) {
        fs.delete(previous, true /* recursive */);
      }
      LOG.info("Committed {}", target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit output " + target, e);
    }
  }

  /** Removes the staged output unless it was committed. */
  @Override
  public void close() {
    if (!committed) {
      abort();
    }
  }

  /**
   * The version of the output at {@code target} (the run id that committed it, a space and a random
   * part); empty when there is none, or it was written before outputs carried one.
   */
  public static Optional<String> version(Configuration hadoopConf, String target) {
    Path mark = new Path(target, VERSION_FILE);
    try {
      FileSystem fs = mark.getFileSystem(hadoopConf);
      if (!fs.exists(mark)) {
        return Optional.empty();
      }
      try (InputStream in = fs.open(mark)) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + mark, e);
    }
  }

  /** Deletes the staged output; the target is not touched. */
  private void abort() {
    cleanup.close();
    try {
      fs.delete(staging, true /* recursive */);
      LOG.info("Aborted; {} left as it was", target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete staging directory " + staging, e);
    }
  }
}
