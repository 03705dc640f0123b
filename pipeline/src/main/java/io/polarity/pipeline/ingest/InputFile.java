package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One file of a source, as listed on the driver: its path and length in bytes. A source path is a
 * file, a directory (read recursively) or a glob; names starting with {@code .} or {@code _} are
 * skipped, as Spark's file sources skip them ({@code _SUCCESS}, {@code .crc} files).
 */
public record InputFile(String path, long length) implements Serializable {

  /** The files under {@code pathOrGlob}; fails when nothing matches it. */
  static List<InputFile> list(Configuration conf, String source, String pathOrGlob) {
    Path path = new Path(pathOrGlob);
    List<InputFile> files = new ArrayList<>();
    try {
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new InvalidConfigException(
            "ingest source '" + source + "': input path does not exist: " + pathOrGlob);
      }
      for (FileStatus match : matches) {
        collect(fs, match, files);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input path " + pathOrGlob, e);
    }
    return files;
  }

  /** The files directly in {@code folder} (not hidden, not directories); empty if it is none. */
  static List<InputFile> inFolder(FileSystem fs, Path folder) throws IOException {
    List<InputFile> files = new ArrayList<>();
    if (fs.isDirectory(folder)) {
      for (FileStatus child : fs.listStatus(folder)) {
        if (!child.isDirectory() && !hidden(child.getPath())) {
          files.add(new InputFile(child.getPath().toString(), child.getLen()));
        }
      }
    }
    return files;
  }

  private static void collect(FileSystem fs, FileStatus status, List<InputFile> out)
      throws IOException {
    if (hidden(status.getPath())) {
      return;
    }
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        collect(fs, child, out);
      }
    } else {
      out.add(new InputFile(status.getPath().toString(), status.getLen()));
    }
  }

  static boolean hidden(Path path) {
    String name = path.getName();
    return name.startsWith(".") || name.startsWith("_");
  }
}
