package io.polarity.pipeline.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local filesystem under the scheme {@code noaccess:}, on which opening a file whose name
 * contains {@code no-access} fails as a permission error would: an unreadable file that tests can
 * make whatever user runs them (root reads files whose permissions deny it). Register it with
 * {@link #register}.
 */
public final class NoAccessFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "noaccess";

  /** Makes {@code noaccess:} paths resolve to this filesystem in {@code conf}. */
  public static void register(org.apache.hadoop.conf.Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", NoAccessFileSystem.class.getName());
    conf.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
  }

  /** The {@code noaccess:} URI of a local path. */
  public static String uri(java.nio.file.Path local) {
    return SCHEME + "://" + local.toAbsolutePath();
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (f.getName().contains("no-access")) {
      throw new AccessDeniedException(f.toString(), null, "Permission denied");
    }
    return super.open(f, bufferSize);
  }
}
