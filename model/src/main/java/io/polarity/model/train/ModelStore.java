package io.polarity.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Reads and writes a run's files on any Hadoop filesystem: DL4J model zips (with updater state),
 * JSON documents and text. Writes go to a temporary name and are renamed into place, so a reader
 * never sees half a checkpoint.
 */
public final class ModelStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final FileSystem fs;
  private final Path root;

  public ModelStore(Configuration hadoopConf, String root) {
    this.root = new Path(root);
    try {
      this.fs = this.root.getFileSystem(hadoopConf);
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

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  private void write(String name, Writer writer) {
    Path target = new Path(root, name);
    Path temporary = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      try (OutputStream out = fs.create(temporary, true /* overwrite a stale temporary */)) {
        writer.write(out);
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("rename " + temporary + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
