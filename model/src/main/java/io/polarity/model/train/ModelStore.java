package io.polarity.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes a run's files on any Hadoop filesystem: DL4J model zips (with updater state),
 * JSON documents and text. Writes go to a temporary name and are renamed into place, so a reader
 * never sees half a file, and on HDFS and local disks a file being replaced is never missing.
 */
public final class ModelStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final FileSystem fs;
  private final Path root;

  public ModelStore(Configuration hadoopConf, String root) {
    this.root = new Path(root);
    try {
      FileSystem fileSystem = this.root.getFileSystem(hadoopConf);
      // local files without Hadoop's .crc side files, whose rename is not atomic with the file's
      this.fs = fileSystem instanceof LocalFileSystem local ? local.getRaw() : fileSystem;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + root, e);
    }
  }

  public String path(String name) {
    return new Path(root, name).toString();
  }

  public boolean exists(String name) {
    try {
      return fs.exists(new Path(root, name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path(name), e);
    }
  }

  public void writeModel(String name, ComputationGraph graph) {
    write(name, out -> ModelSerializer.writeModel(graph, out, true /* with updater state */));
  }

  public ComputationGraph readModel(String name) {
    try (InputStream in = fs.open(new Path(root, name))) {
      return ModelSerializer.restoreComputationGraph(in, true /* with updater state */);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + path(name), e);
    }
  }

  public void writeJson(String name, Object value) {
    write(name, out -> JSON.writeValue(out, value));
  }

  public <T> T readJson(String name, Class<T> type) {
    try (InputStream in = fs.open(new Path(root, name))) {
      return JSON.readValue(in, type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path(name), e);
    }
  }

  public void writeBytes(String name, byte[] bytes) {
    write(name, out -> out.write(bytes));
  }

  public String readText(String name) {
    try (InputStream in = fs.open(new Path(root, name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path(name), e);
    }
  }

  public void writeText(String name, String text) {
    write(name, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  public void delete(String name) {
    try {
      fs.delete(new Path(root, name), true /* recursive */);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path(name), e);
    }
  }

  /**
   * Copies the file or directory {@code source} (any Hadoop filesystem) to {@code name} in this
   * store, replacing what was there.
   */
  public void copyIn(String source, String name) {
    Path from = new Path(source);
    Path to = new Path(root, name);
    try {
      fs.delete(to, true /* recursive: an earlier copy */);
      if (!FileUtil.copy(from.getFileSystem(fs.getConf()), from, fs, to, false, fs.getConf())) {
        throw new IOException("copy " + from + " -> " + to + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
    }
  }

  /** The names of the directories directly under {@code dir}; none when it does not exist. */
  public List<String> directories(String dir) {
    return list(dir, FileStatus::isDirectory);
  }

  /** The names of the files directly under {@code dir}; none when it does not exist. */
  public List<String> files(String dir) {
    return list(dir, FileStatus::isFile);
  }

  private List<String> list(String dir, Predicate<FileStatus> kind) {
    Path path = new Path(root, dir);
    try {
      if (!fs.exists(path)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus status : fs.listStatus(path)) {
        if (kind.test(status)) {
          names.add(status.getPath().getName());
        }
      }
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
  }

  /**
   * Moves the file {@code name} out of this store to {@code target} (any path, same filesystem).
   */
  public void moveOut(String name, String target) {
    Path source = new Path(root, name);
    Path to = new Path(target);
    try {
      fs.mkdirs(to.getParent());
      if (!fs.rename(source, to)) {
        throw new IOException("rename " + source + " -> " + to + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + source + " to " + to, e);
    }
  }

  /**
   * Renames the directory {@code from} to {@code to}, which must not exist: one atomic step on HDFS
   * and on a local disk.
   */
  public void renameDirectory(String from, String to) {
    Path source = new Path(root, from);
    Path target = new Path(root, to);
    try {
      if (fs.exists(target)) {
        throw new IOException(target + " already exists");
      }
      if (!fs.rename(source, target)) {
        throw new IOException("rename " + source + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rename " + source + " to " + target, e);
    }
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes to a temporary name beside {@code name}, then moves it into place, replacing an existing
   * file in one step where the filesystem can: on HDFS by a rename with overwrite, on a local disk
   * by rename(2). On other filesystems (object stores have no atomic rename) the old file is
   * deleted just before the move.
   */
  private void write(String name, Writer writer) {
    Path target = new Path(root, name);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      try (OutputStream out = fs.create(temporary, true /* overwrite a stale temporary */)) {
        writer.write(out);
      }
      replace(temporary, target);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  private void replace(Path temporary, Path target) throws IOException {
    if (fs instanceof DistributedFileSystem dfs) {
      dfs.rename(temporary, target, Options.Rename.OVERWRITE);
      return;
    }
    if (fs instanceof RawLocalFileSystem) {
      // a checksum that Hadoop's LocalFileSystem wrote for an earlier file of that name would fail
      // every read of the new one through it
      fs.delete(new Path(target.getParent(), "." + target.getName() + ".crc"), false);
    } else if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("rename " + temporary + " -> " + target + " failed");
    }
  }
}
