package io.polarity.pipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Checks that a file can be read as text before Spark's readers parse it, on the executors: it must
 * open, its first {@value #SNIFF_BYTES} bytes (after decompression) must look like text, and a
 * compressed file must decompress to its end (a truncated or corrupt gzip or bzip2 file fails here,
 * not in the middle of a Spark job that would then fail without naming it). Plain files are not
 * read past their first bytes.
 */
final class FileCheck {
  static final int SNIFF_BYTES = 8192;

  private FileCheck() {}

  /** Why the file cannot be read as text in {@code encoding}, or null when it can. */
  static String problem(Configuration conf, String file, String encoding) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
        byte[] head = new byte[SNIFF_BYTES];
        int n = in.readNBytes(head, 0, head.length);
        String binary = binaryContent(head, n, Charset.forName(encoding));
        if (binary != null) {
          return binary;
        }
        if (codec != null) {
          byte[] rest = new byte[1 << 16];
          while (in.read(rest) >= 0) {
            // decompress to the end: a truncated or corrupt stream throws here
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return describe(e);
    }
  }

  /** The exception as one line: its class and message (or the class alone). */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getName()
        + (message == null || message.isBlank()
            ? ""
            : ": " + message.strip().lines().findFirst().get());
  }

  /**
   * Why the first {@code n} bytes of a file are not text, or null when they look like text: a
   * UTF-16 or UTF-32 byte-order mark, or more than 10% of them (and at least 4) control characters
   * (other than tab, line and page breaks) or bytes that are not valid UTF-8. A stray NUL or a
   * wrongly encoded character in a text file is not enough: such records are quarantined one by one
   * ({@code control_characters}, {@code invalid_encoding}).
   */
  static String binaryContent(byte[] bytes, int n, Charset charset) {
    if (!charset.equals(StandardCharsets.UTF_8)) {
      return binaryContentIn(bytes, n, charset);
    }
    if (n >= 2
        && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
            || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
      return "the file is UTF-16 or UTF-32 (byte-order mark "
          + String.format(Locale.ROOT, "%02X %02X", bytes[0], bytes[1])
          + "), not UTF-8: convert it to UTF-8";
    }
    int suspicious = 0;
    int i = 0;
    while (i < n) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x0B) {
          suspicious++;
        }
        i++;
        continue;
      }
      int length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
      if (length == 0) {
        suspicious++;
        i++;
        continue;
      }
      if (i + length > n) {
        break; // a character cut by the end of the sniffed bytes
      }
      boolean valid = true;
      for (int k = 1; k < length; k++) {
        valid &= (bytes[i + k] & 0xC0) == 0x80;
      }
      if (valid) {
        i += length;
      } else {
        suspicious++;
        i++;
      }
    }
    if (suspicious >= 4 && suspicious * 10L > n) {
      return String.format(
          Locale.ROOT,
          "binary content: %d of the first %d bytes are control characters or not UTF-8",
          suspicious,
          n);
    }
    return null;
  }

  /**
   * {@link #binaryContent} for a file in another encoding: the first bytes decoded in it, with the
   * same 10% rule over control characters and bytes it cannot decode.
   */
  private static String binaryContentIn(byte[] bytes, int n, Charset charset) {
    String decoded = new String(bytes, 0, n, charset); // what it cannot decode becomes U+FFFD
    int suspicious = 0;
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      boolean control =
          Character.isISOControl(c)
              && c != '\t'
              && c != '\n'
              && c != '\r'
              && c != '\f'
              && c != 0x0B;
      if (control || c == '\uFFFD') {
        suspicious++;
      }
    }
    // the last character may be cut by the end of the sniffed bytes
    if (suspicious >= 4 && (suspicious - 1) * 10L > decoded.length()) {
      return String.format(
          Locale.ROOT,
          "binary content: %d of the first %d characters are control characters or not %s",
          suspicious,
          decoded.length(),
          charset.name());
    }
    return null;
  }
}
