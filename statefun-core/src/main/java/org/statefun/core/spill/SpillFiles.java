package org.statefun.core.spill;

import java.io.File;
import java.io.IOException;

/** Creates spill files round-robin over Flink's temporary directories (the IOManager's). */
public final class SpillFiles {

  private final File[] directories;
  private final String prefix;
  private int next;

  public SpillFiles(File[] directories, String prefix) {
    if (directories.length == 0) {
      throw new IllegalArgumentException("No directory to spill " + prefix + " files to");
    }
    this.directories = directories.clone();
    this.prefix = prefix;
  }

  /** Files in the same directories whose names start with this prefix followed by {@code more}. */
  public SpillFiles withPrefix(String more) {
    return new SpillFiles(directories, prefix + more);
  }

  public File newFile() throws IOException {
    File directory = directories[next++ % directories.length];
    File file = File.createTempFile(prefix, ".spill", directory);
    file.deleteOnExit();
    return file;
  }
}
