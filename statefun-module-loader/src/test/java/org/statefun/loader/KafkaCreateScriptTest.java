package org.statefun.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/statefun kafka create} (bin/statefun-kafka) names the topics that already existed
 * instead of passing over them silently (issue 13). Kafka's TopicCommand is replaced by a fake
 * {@code java} on the PATH that lists two topics and records every create.
 */
class KafkaCreateScriptTest {

  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bin/statefun-kafka");

  @Test
  void createNamesTheTopicsThatAlreadyExisted(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("path"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        """
        #!/usr/bin/env bash
        if [[ "$*" == *--list* ]]; then printf 'orders\\n__consumer_offsets\\nreceipts\\n'; exit 0; fi
        for a in "$@"; do [[ "$prev" == --topic ]] && echo "$a" >>"$FAKE_LOG"; prev="$a"; done
        """);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = Files.createDirectories(dir.resolve("work/lib"));
    Files.createFile(work.resolve(".complete"));
    Path created = dir.resolve("created.log");

    ProcessBuilder command =
        new ProcessBuilder(
                "bash",
                SCRIPT.toString(),
                "create",
                "orders",
                "order",
                "receipts",
                "--partitions",
                "2")
            .redirectErrorStream(true);
    command.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    command.environment().put("STATEFUN_KAFKA_DIR", dir.resolve("work").toString());
    command.environment().put("KAFKA_BOOTSTRAP_SERVERS", "broker:9092");
    command.environment().put("FAKE_LOG", created.toString());
    Process process = command.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.lines())
        .containsExactly(
            "statefun kafka: created topic order (2 partition(s)) on broker:9092",
            "statefun kafka: already existed on broker:9092, left as they are (partitions unchanged): orders receipts");
    assertThat(Files.readAllLines(created)).isEqualTo(List.of("order"));
  }
}
