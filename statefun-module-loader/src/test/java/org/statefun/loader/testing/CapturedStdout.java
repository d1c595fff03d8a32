package org.statefun.loader.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Tees {@link System#out} into a buffer while open, so tests can assert on what print egresses
 * wrote. Close to restore the original stream.
 */
public final class CapturedStdout implements AutoCloseable {

  private final PrintStream original = System.out;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  public CapturedStdout() {
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (buffer) {
              buffer.write(b);
            }
            original.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (buffer) {
              buffer.write(b, off, len);
            }
            original.write(b, off, len);
          }
        };
    System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** Every line written so far. */
  public List<String> lines() {
    String text;
    synchronized (buffer) {
      text = buffer.toString(StandardCharsets.UTF_8);
    }
    return Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).toList();
  }

  /** The lines written so far that start with {@code prefix}. */
  public List<String> linesStartingWith(String prefix) {
    return lines().stream().filter(l -> l.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    System.setOut(original);
  }
}
