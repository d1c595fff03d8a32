package org.statefun.distribution.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.statefun.distribution.Ports;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * A real single-node Kafka (KRaft: broker and controller in one node) in a child JVM, so that a
 * test can kill it with SIGKILL and start it again on the same ports and data directory. It runs
 * {@code kafka.Kafka} with the test JVM's own class path (which holds the broker through
 * kafka-test-common-runtime); its log goes to {@code <dir>/kafka.log}, its stdout and stderr to
 * {@code <dir>/kafka.out}, never to the test's output. {@link #close} kills it in any case.
 */
final class KafkaProcess implements TestKafka, AutoCloseable {

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final Thread killOnExit = new Thread(this::destroy, "kill-kafka-child");
  private volatile Process process;
  private KafkaProducer<byte[], byte[]> producer;

  private KafkaProcess(Path dir) {
    this.dir = dir;
    this.port = Ports.free();
    int controller = Ports.free();
    while (controller == port) {
      controller = Ports.free();
    }
    this.controllerPort = controller;
  }

  /**
   * Writes the configuration to {@code dir}, formats the data directory, starts the broker and
   * waits until it answers, for at most {@code timeout}.
   */
  static KafkaProcess start(Path dir, Duration timeout) throws Exception {
    KafkaProcess kafka = new KafkaProcess(Files.createDirectories(dir));
    try {
      kafka.configure();
      kafka.format(timeout);
      Runtime.getRuntime().addShutdownHook(kafka.killOnExit);
      kafka.launch(timeout);
      return kafka;
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /**
   * Kills the broker with SIGKILL (no clean shutdown: open transactions, unflushed segments and
   * producer state stay as they were) and waits until the process is gone.
   *
   * @return the {@link System#nanoTime()} of the kill
   */
  long kill() throws InterruptedException {
    long killed = System.nanoTime();
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the Kafka child " + process.pid() + " outlived SIGKILL");
    }
    return killed;
  }

  /**
   * Starts the broker again on the same ports and data directory and waits until it answers, for at
   * most {@code timeout}.
   */
  void restart(Duration timeout) throws Exception {
    if (process.isAlive()) {
      throw new IllegalStateException("the Kafka child " + process.pid() + " still runs");
    }
    launch(timeout);
  }

  private void configure() throws IOException {
    Files.writeString(
        dir.resolve("server.properties"),
        """
        process.roles=broker,controller
        node.id=1
        controller.quorum.bootstrap.servers=localhost:CONTROLLER_PORT
        listeners=PLAINTEXT://localhost:PORT,CONTROLLER://localhost:CONTROLLER_PORT
        advertised.listeners=PLAINTEXT://localhost:PORT,CONTROLLER://localhost:CONTROLLER_PORT
        controller.listener.names=CONTROLLER
        inter.broker.listener.name=PLAINTEXT
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        log.dirs=DATA
        num.partitions=1
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=2
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        transaction.state.log.num.partitions=2
        share.coordinator.state.topic.replication.factor=1
        share.coordinator.state.topic.min.isr=1
        group.initial.rebalance.delay.ms=0
        # A restarted controller keeps the killed broker's registration until its session expires
        # (9 s by default): the new incarnation cannot register, nor open its port, before that.
        broker.session.timeout.ms=4000
        broker.heartbeat.interval.ms=500
        auto.create.topics.enable=false
        # Records with timestamps from the past must survive the first retention pass.
        log.retention.ms=-1
        """
            .replace("CONTROLLER_PORT", Integer.toString(controllerPort))
            .replace("PORT", Integer.toString(port))
            .replace("DATA", dir.resolve("data").toString()));
    Files.writeString(
        dir.resolve("log4j2.properties"),
        """
        rootLogger.level = INFO
        rootLogger.appenderRef.file.ref = File
        appender.file.name = File
        appender.file.type = File
        appender.file.append = true
        appender.file.fileName = LOG
        appender.file.layout.type = PatternLayout
        appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c - %m%n
        """
            .replace("LOG", dir.resolve("kafka.log").toString()));
  }

  private void format(Duration timeout) throws Exception {
    Process format =
        child(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                dir.resolve("server.properties").toString())
            .start();
    if (!format.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      format.destroyForcibly();
      throw new TimeoutException("formatting Kafka's storage took longer than " + timeout);
    }
    if (format.exitValue() != 0) {
      throw new IllegalStateException(
          "formatting Kafka's storage failed (exit " + format.exitValue() + "): " + outputTail());
    }
  }

  private void launch(Duration timeout) throws Exception {
    process = child("kafka.Kafka", dir.resolve("server.properties").toString()).start();
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties properties = clientProperties();
    properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
    try (Admin admin = Admin.create(properties)) {
      // Ready: the node answers a metadata request with itself as a broker.
      while (!answers(admin)) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "the Kafka child exited with " + process.exitValue() + ": " + outputTail());
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "Kafka did not answer on " + bootstrapServers() + " within " + timeout);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling interval
      }
    }
  }

  private static boolean answers(Admin admin) {
    try {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** A child JVM running {@code main} with the test's class path, its output in kafka.out. */
  private ProcessBuilder child(String main, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    // A quicker start on a busy machine: no C2 compilations, no parallel GC threads.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    command.add(main);
    command.addAll(List.of(arguments));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kafka.out").toFile()));
    // In the environment: a long class path on the command line would show in every ps listing.
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    return builder;
  }

  private String outputTail() {
    try {
      List<String> lines = new ArrayList<>();
      for (Path file : List.of(dir.resolve("kafka.out"), dir.resolve("kafka.log"))) {
        if (Files.exists(file)) {
          List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
          lines.addAll(all.subList(Math.max(0, all.size() - 20), all.size()));
        }
      }
      return String.join("\n", lines);
    } catch (IOException e) {
      return "(see " + dir + ")";
    }
  }

  @Override
  public void createTopics(int partitions, String... topics) throws Exception {
    KafkaBroker.createTopics(bootstrapServers(), partitions, topics);
  }

  /**
   * Writes {@code records} through one long-lived idempotent producer and waits for their
   * acknowledgement, also across an outage of the broker.
   *
   * <p>Why no record can be written twice: a SIGKILL can land after the broker appended a batch (to
   * the page cache, which survives the process) and before it answered. Any producer that resends
   * that batch without idempotence (a Kafka retry, or a new producer retrying the round) would
   * append it again. The idempotent producer resends it with the same producer id and sequence
   * number; the restarted broker rebuilds the producer state from its log, recognises the sequence
   * and acknowledges without appending. That holds while this one producer keeps retrying the
   * batch: its delivery timeout (2 minutes) is far longer than the outage, and a batch that still
   * fails fails the input (and so the test) instead of being written again. One request in flight
   * keeps each partition's order as sent.
   */
  @Override
  public synchronized void produce(Collection<ProducerRecord<byte[], byte[]>> records)
      throws Exception {
    if (producer == null) {
      Properties properties = clientProperties();
      properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
      properties.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
      properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
      properties.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
      producer =
          new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (ProducerRecord<byte[], byte[]> record : records) {
      sent.add(producer.send(record));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : sent) {
      ack.get(); // a record that could not be written fails the input here
    }
  }

  /** How many sends the input producer retried (Kafka's record-retry-total), 0 before any. */
  synchronized long inputRetries() {
    if (producer == null) {
      return 0;
    }
    return producer.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals("record-retry-total")
                    && e.getKey().group().equals("producer-metrics"))
        .mapToLong(e -> ((Number) e.getValue().metricValue()).longValue())
        .sum();
  }

  @Override
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, String isolation, Duration timeout) throws TimeoutException {
    return KafkaBroker.readAll(bootstrapServers(), topic, isolation, timeout);
  }

  Properties clientProperties() {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrapServers());
    return properties;
  }

  /**
   * Kills the child if it runs; safe to call twice, and from the shutdown hook. Not synchronised:
   * {@link #produce} may hold the lock for as long as the broker is down.
   */
  private void destroy() {
    Process child = process;
    if (child != null && child.isAlive()) {
      child.destroyForcibly();
      try {
        child.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    try {
      if (producer != null) {
        producer.close(Duration.ZERO); // the broker may be gone: do not wait for it
      }
    } finally {
      destroy();
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // shutting down already, or the hook was never added
      }
    }
  }
}
