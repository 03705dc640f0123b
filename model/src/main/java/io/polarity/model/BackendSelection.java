package io.polarity.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.common.config.ND4JClassLoading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses ND4J's backend for this JVM before ND4J loads, so that one GPU build runs on every node
 * of a mixed cluster.
 *
 * <p>The {@code -Pgpu} build carries both backends, CUDA and CPU. ND4J tries its backends by
 * priority (CUDA first), but it catches only {@code Exception} from a backend's availability check,
 * and on a node without an NVIDIA driver that check throws {@code UnsatisfiedLinkError} (no {@code
 * libcuda.so.1}): the JVM then failed with ND4J's misleading "ensure that you have an nd4j backend
 * on your classpath". Here the CUDA backend is probed first, catching everything; when it cannot
 * run, ND4J is given a class loader (ND4J loads its backends through {@link ND4JClassLoading}) that
 * hides the CUDA backend's service entry, and it loads the CPU backend. The choice and its reason
 * are logged and reported by {@link BackendInfo}.
 *
 * <p>{@code -Dpolarity.nd4j.backend=cpu} forces the CPU backend in a GPU build; {@code cuda}
 * refuses to fall back.
 */
public final class BackendSelection {
  static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";
  static final String SERVICE = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
  public static final String PROPERTY = "polarity.nd4j.backend";
  private static final Logger LOG = LoggerFactory.getLogger(BackendSelection.class);
  private static String reason;

  private BackendSelection() {}

  /**
   * Makes the choice, once per JVM; call before anything touches ND4J. Returns why this JVM
   * computes where it does.
   */
  public static synchronized String select() {
    if (reason != null) {
      return reason;
    }
    String wanted = System.getProperty(PROPERTY, "auto");
    ClassLoader loader = ND4JClassLoading.getNd4jClassloader();
    if (!ND4JClassLoading.classPresentOnClasspath(CUDA_BACKEND, loader)) {
      reason = "CPU build";
      return reason;
    }
    if (wanted.equals("cpu")) {
      reason = "CPU: " + PROPERTY + "=cpu";
      hideCuda(loader);
    } else {
      String problem = cudaProblem(loader);
      if (problem == null) {
        reason = "CUDA: the backend loaded and found a device";
      } else if (wanted.equals("cuda")) {
        throw new IllegalStateException(
            PROPERTY + "=cuda, but ND4J's CUDA backend cannot run here: " + problem);
      } else {
        reason = "CPU: the build has CUDA, but it cannot run here (" + problem + ")";
        hideCuda(loader);
      }
    }
    LOG.info("ND4J backend chosen: {}", reason);
    return reason;
  }

  /**
   * Why ND4J's CUDA backend cannot run in this JVM, or null when it can. ND4J's CUDA backend prints
   * the stack trace of a failed library load to stderr before rethrowing it; that goes to the log
   * at debug level instead of onto every console of a mixed cluster.
   */
  private static String cudaProblem(ClassLoader loader) {
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      return probe(loader);
    } finally {
      System.setErr(stderr);
      if (printed.size() > 0) {
        LOG.debug(
            "ND4J's CUDA backend printed while probed:\n{}",
            printed.toString(StandardCharsets.UTF_8));
      }
    }
  }

  private static String probe(ClassLoader loader) {
    try {
      Object backend = loader.loadClass(CUDA_BACKEND).getDeclaredConstructor().newInstance();
      boolean available = (Boolean) backend.getClass().getMethod("isAvailable").invoke(backend);
      return available ? null : "no usable CUDA device";
    } catch (java.lang.reflect.InvocationTargetException e) {
      return describe(e.getCause());
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return describe(e);
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage().strip();
    return root.getClass().getName() + message;
  }

  private static void hideCuda(ClassLoader parent) {
    ND4JClassLoading.setNd4jClassloader(new WithoutBackend(parent, "jcublas"));
  }

  /**
   * Delegates everything to its parent, except that ND4J's backend service files lose the lines
   * that name {@code hidden} (the app jar merges every backend's service file into one).
   */
  static final class WithoutBackend extends ClassLoader {
    private final String hidden;

    WithoutBackend(ClassLoader parent, String hidden) {
      super(parent);
      this.hidden = hidden;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      Enumeration<URL> resources = getParent().getResources(name);
      if (!SERVICE.equals(name)) {
        return resources;
      }
      List<URL> filtered = new ArrayList<>();
      for (URL url : Collections.list(resources)) {
        String kept;
        try (InputStream in = url.openStream()) {
          kept =
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .lines()
                  .filter(line -> !line.contains(hidden))
                  .collect(Collectors.joining("\n", "", "\n"));
        }
        if (!kept.isBlank()) {
          filtered.add(inMemory(url, kept));
        }
      }
      return Collections.enumeration(filtered);
    }

    private static URL inMemory(URL original, String content) {
      byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
      try {
        return new URL(
            null,
            original.toString(),
            new URLStreamHandler() {
              @Override
              protected URLConnection openConnection(URL u) {
                return new URLConnection(u) {
                  @Override
                  public void connect() {}

                  @Override
                  public InputStream getInputStream() {
                    return new ByteArrayInputStream(bytes);
                  }
                };
              }
            });
      } catch (java.net.MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
