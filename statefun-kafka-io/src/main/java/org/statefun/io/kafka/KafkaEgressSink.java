package org.statefun.io.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.connector.sink2.SupportsPreWriteTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * The sink of a Kafka egress: Flink's {@code KafkaSink}, with three decisions made where the
 * information exists.
 *
 * <ul>
 *   <li>The delivery guarantee, when the job graph is built ({@link #addPreWriteTopology}): the
 *       configured one, or exactly-once when checkpointing is on and at-least-once when it is off.
 *       Exactly-once without checkpoints is rejected, since its transactions would never commit.
 *   <li>The transactional id prefix, when a writer or committer starts: {@code statefun-<job
 *       id>-<egress id>}, so that two jobs, or two egresses of one job, never fence each other. A
 *       job restored from a savepoint has a new job id; the connector then aborts the transactions
 *       left open under the prefix recorded in the restored state.
 *   <li>A {@link BrokerCheck} before each writer starts; in the writer's first attempt (the job's
 *       first start) a failure is final, in later attempts the restart strategy decides.
 * </ul>
 *
 * <p>Its writers are the connector's, wrapped so that closing one while the brokers are away does
 * not shut the TaskManager down ({@link AbortTolerantWriter}).
 */
final class KafkaEgressSink<T>
    implements TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
        SupportsPreWriteTopology<T>,
        SupportsPostCommitTopology<KafkaCommittable> {

  private static final long serialVersionUID = 1L;

  private final EgressIdentifier<T> id;
  private final String bootstrapServers;
  private final KafkaClientProperties properties;
  private final Duration transactionTimeout;
  private final Delivery configuredDelivery;
  private final KafkaRecordSerializationSchema<T> serializer;
  private final BrokerCheck check;
  private Delivery delivery;

  /**
   * @param configuredDelivery the delivery of the spec, or null to follow checkpointing
   */
  KafkaEgressSink(
      EgressIdentifier<T> id,
      String bootstrapServers,
      KafkaClientProperties properties,
      Duration transactionTimeout,
      Delivery configuredDelivery,
      KafkaRecordSerializationSchema<T> serializer,
      BrokerCheck check) {
    this.id = id;
    this.bootstrapServers = bootstrapServers;
    this.properties = properties;
    this.transactionTimeout = transactionTimeout;
    this.configuredDelivery = configuredDelivery;
    this.serializer = serializer;
    this.check = check;
  }

  @Override
  public DataStream<T> addPreWriteTopology(DataStream<T> input) {
    delivery =
        deliveryWith(
            input.getExecutionEnvironment().getCheckpointConfig().isCheckpointingEnabled());
    return input;
  }

  /**
   * The delivery for a job with or without checkpoints.
   *
   * @throws IllegalStateException for exactly-once without checkpoints
   */
  Delivery deliveryWith(boolean checkpointing) {
    if (configuredDelivery == null) {
      return checkpointing ? Delivery.EXACTLY_ONCE : Delivery.AT_LEAST_ONCE;
    }
    if (configuredDelivery == Delivery.EXACTLY_ONCE && !checkpointing) {
      throw new IllegalStateException(
          "Egress "
              + id
              + " delivers exactly-once, which commits its Kafka transactions with"
              + " checkpoints, but checkpointing is off; set execution.checkpointing.interval (for"
              + " example -Dexecution.checkpointing.interval=10s) or choose delivery at-least-once");
    }
    return configuredDelivery;
  }

  /** The Kafka transaction timeout (exactly-once). */
  Duration transactionTimeout() {
    return transactionTimeout;
  }

  /** The client properties. */
  KafkaClientProperties properties() {
    return properties;
  }

  private Delivery delivery() {
    return Objects.requireNonNull(delivery, "the delivery is chosen when the job graph is built");
  }

  @Override
  public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
      WriterInitContext context) throws IOException {
    check.run(context.getTaskInfo().getAttemptNumber() == 0);
    return new AbortTolerantWriter<>(
        kafkaSink(prefix(context.getJobInfo()), delivery()).createWriter(context), id.toString());
  }

  @Override
  public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
      WriterInitContext context, Collection<KafkaWriterState> recoveredState) throws IOException {
    check.run(context.getTaskInfo().getAttemptNumber() == 0);
    return new AbortTolerantWriter<>(
        kafkaSink(prefix(context.getJobInfo()), delivery()).restoreWriter(context, recoveredState),
        id.toString());
  }

  @Override
  public Committer<KafkaCommittable> createCommitter(CommitterInitContext context)
      throws IOException {
    return kafkaSink(prefix(context.getJobInfo()), delivery()).createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
    return kafkaSink(graphPrefix(), Delivery.EXACTLY_ONCE).getCommittableSerializer();
  }

  @Override
  public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
    return kafkaSink(graphPrefix(), Delivery.EXACTLY_ONCE).getWriterStateSerializer();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
    // Co-locates writer and committer, keyed by a prefix unique within the job.
    kafkaSink(graphPrefix(), delivery()).addPostCommitTopology(committables);
  }

  private String prefix(JobInfo job) {
    return "statefun-" + job.getJobId() + "-" + id.namespace() + "." + id.name();
  }

  private String graphPrefix() {
    return "statefun-" + id.namespace() + "." + id.name();
  }

  private KafkaSink<T> kafkaSink(String transactionalIdPrefix, Delivery guarantee) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(properties.withBootstrapServers(bootstrapServers))
        .setProperty(
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(transactionTimeout.toMillis()))
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(guarantee.guarantee())
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .build();
  }
}
