package io.polarity.pipeline.ingest;

import io.polarity.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the ingest sources hold right now, as the nightly run compares it: every file that ingest
 * would read (hidden names skipped as {@link InputFile} skips them) with its length and
 * modification time, summed up in a digest. A file added, removed, grown or rewritten changes the
 * digest.
 *
 * @param files files listed over all sources
 * @param bytes their total length
 * @param digest SHA-256 over the sorted lines "source, path, length, modification time"
 */
public record InputListing(long files, long bytes, String digest) {

  /** Lists every source of {@code config}; fails, naming it, when a source matches nothing. */
  public static InputListing of(Configuration conf, IngestConfig config) {
    List<String> lines = new ArrayList<>();
    long bytes = 0;
    for (SourceConfig source : config.sources()) {
      Path path = new Path(source.path());
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new InvalidConfigException(
              "ingest source '" + source.name() + "': input path does not exist: " + path);
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus match : matches) {
          collect(fs, match, files);
        }
        for (FileStatus f : files) {
          lines.add(
              source.name()
                  + "\t"
                  + f.getPath()
                  + "\t"
                  + f.getLen()
                  + "\t"
                  + f.getModificationTime());
          bytes += f.getLen();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list input path " + path, e);
      }
    }
    lines.sort(null);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
    for (String line : lines) {
      sha.update(line.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    }
    return new InputListing(lines.size(), bytes, HexFormat.of().formatHex(sha.digest()));
  }

  private static void collect(FileSystem fs, FileStatus status, List<FileStatus> out)
      throws IOException {
    if (InputFile.hidden(status.getPath())) {
      return;
    }
    if (status.isDirectory()) {
      for (FileStatus child : fs.listStatus(status.getPath())) {
        collect(fs, child, out);
      }
    } else {
      out.add(status);
    }
  }
}
