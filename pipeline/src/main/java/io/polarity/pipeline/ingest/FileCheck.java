package io.polarity.pipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
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
  static Problem problem(Configuration conf, String file, String encoding) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(conf);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
      try (InputStream raw = fs.open(path);
          InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
        byte[] head = new byte[SNIFF_BYTES];
        int n = in.readNBytes(head, 0, head.length);
        Problem binary = binaryContent(head, n, Charset.forName(encoding));
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
      return Problem.unreadable(describe(e));
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

  /** Why a file is quarantined whole: {@code unreadable_file}, or {@code invalid_encoding}. */
  record Problem(QuarantineReason reason, String detail) implements Serializable {
    static Problem unreadable(String detail) {
      return new Problem(QuarantineReason.UNREADABLE_FILE, detail);
    }
  }

  /**
   * Why the first {@code n} bytes of a file are not text in {@code charset}, or null when they look
   * like text. Binary content ({@code unreadable_file}): a UTF-16 or UTF-32 byte-order mark in a
   * file read as UTF-8, or more than 10% of the bytes (and at least 4) control characters (other
   * than tab, line and page breaks) or not decodable, with control characters among them (binary
   * data has about one in eight). Text in another encoding ({@code invalid_encoding}, naming the
   * setting): more than 10% of the bytes not decodable, and hardly a control character. A stray NUL
   * or a few wrongly encoded characters are not enough: such records are quarantined one by one
   * ({@code nul_character}, {@code invalid_encoding}).
   */
  static Problem binaryContent(byte[] bytes, int n, Charset charset) {
    if (charset.equals(StandardCharsets.UTF_8)
        && n >= 2
        && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
            || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))) {
      return Problem.unreadable(
          "the file is UTF-16 or UTF-32 (byte-order mark "
              + String.format(Locale.ROOT, "%02X %02X", bytes[0], bytes[1])
              + "), not UTF-8: convert it to UTF-8, or set ingest.source.encoding");
    }
    // what cannot be decoded becomes U+FFFD (one per malformed byte sequence)
    String text = new String(bytes, 0, n, charset);
    int control = 0;
    int undecodable = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFD') {
        undecodable++;
      } else if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
        control++;
      }
    }
    if (text.endsWith("\uFFFD")) {
      undecodable--; // a character cut by the end of the sniffed bytes
    }
    long chars = text.length();
    if (control + undecodable < 4 || (control + undecodable) * 10L <= chars) {
      return null;
    }
    if (control * 100L <= chars) {
      return new Problem(
          QuarantineReason.INVALID_ENCODING,
          String.format(
              Locale.ROOT,
              "%d of the first %d bytes are not valid %s: if the file is in another encoding, set"
                  + " ingest.source.encoding (windows-1252, GBK, Shift_JIS, ...)",
              undecodable,
              n,
              charset.name()));
    }
    return Problem.unreadable(
        String.format(
            Locale.ROOT,
            "binary content: %d of the first %d bytes are control characters or not %s",
            control + undecodable,
            n,
            charset.name()));
  }
}
