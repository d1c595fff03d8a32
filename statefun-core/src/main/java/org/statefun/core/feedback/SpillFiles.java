package org.statefun.core.feedback;

import java.io.File;
import java.io.IOException;

/** Creates spill files for checkpoint logs, round-robin over Flink's temporary directories. */
final class SpillFiles {

  private final File[] directories;
  private final String prefix;
  private int next;

  SpillFiles(File[] directories, String prefix) {
    if (directories.length == 0) {
      throw new IllegalArgumentException("No directory to spill the feedback log to");
    }
    this.directories = directories.clone();
    this.prefix = prefix;
  }

  File newFile() throws IOException {
    File directory = directories[next++ % directories.length];
    File file = File.createTempFile(prefix, ".spill", directory);
    file.deleteOnExit();
    return file;
  }
}
