package org.statefun.remote;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.statefun.remote.protocol.reqreply.generated.FromFunction;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.DelayedInvocation;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.EgressMessage;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.ExpirationSpec;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.InvocationResponse;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.PersistedValueMutation;
import org.statefun.remote.protocol.reqreply.generated.FromFunction.PersistedValueSpec;
import org.statefun.remote.protocol.reqreply.generated.ToFunction;
import org.statefun.remote.protocol.reqreply.generated.ToFunction.InvocationBatchRequest;
import org.statefun.remote.protocol.reqreply.generated.TypedValue;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.metrics.Counter;
import org.statefun.sdk.metrics.Metrics;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedValue;

/**
 * A function type served over HTTP with StateFun's request-reply protocol; one object per type and
 * worker, like any function.
 *
 * <p>Per address, at most one request is in flight. It is an async operation of this runtime, so a
 * checkpoint taken while it is in flight records the batch, and a restore sends it again (the
 * function may see a batch twice; its effects count once). Messages that arrive meanwhile wait in
 * keyed state and go, in arrival order and at most {@code max-batch-size} at a time, as the next
 * batch; beyond a full batch, each waiting message holds an async operation slot until the batch
 * goes, so a hot address backpressures the subtask. The states the function declares are learned
 * from its SDK ("missing state" responses) and registered in a {@link PersistedStateRegistry},
 * which keeps them across restores.
 */
final class RemoteFunction implements StatefulFunction {

  /** Internal state names contain '-', which no StateFun SDK allows in a state name. */
  @Persisted
  private final PersistedValue<Boolean> inFlight =
      PersistedValue.of("statefun-remote-in-flight", Boolean.class);

  @Persisted
  private final PersistedAppendingBuffer<byte[]> waiting =
      PersistedAppendingBuffer.of("statefun-remote-waiting", byte[].class);

  @Persisted
  private final PersistedValue<Integer> waitingCount =
      PersistedValue.of("statefun-remote-waiting-count", Integer.class);

  @Persisted private final PersistedStateRegistry states = new PersistedStateRegistry();

  /**
   * The metadata of a slot: an async operation that a message beyond a full batch holds until its
   * address's next batch is sent, so that a hot address counts against {@code
   * statefun.async.max-per-task} and the subtask backpressures instead of buffering without bound.
   */
  static final String SLOT = "statefun-remote-slot";

  /** The open slots of each address of this worker; slots restored from a checkpoint are gone. */
  private final Map<Address, List<CompletableFuture<Void>>> slots = new HashMap<>();

  private final FunctionType type;
  private final int maxBatchSize;
  private final HttpTransport transport;

  /** This type's remote metrics on this worker (docs/metrics.md); set on the first invocation. */
  private Counter requests;

  private Counter requestsInFlight;
  private Counter responses;
  private Counter responseTimeMicros;
  private Counter backlog;

  /**
   * The waiting messages of each address that {@link #backlog} counts: messages restored from a
   * checkpoint wait too, but this attempt never counted them.
   */
  private final Map<Address, Integer> backlogCounted = new HashMap<>();

  /** A response body and how long after the request it came. */
  record Answer(byte[] body, long nanos) {}

  /** The type name of each state, learned from the SDK; values carry theirs. */
  private final Map<String, String> stateTypeNames = new HashMap<>();

  RemoteFunction(FunctionType type, EndpointSpec endpoint) {
    this.type = type;
    this.maxBatchSize = endpoint.maxBatchSize();
    this.transport = new HttpTransport(type, endpoint);
  }

  @Override
  public void invoke(Context context, Object message) {
    if (requests == null) {
      Metrics metrics = context.metrics();
      requests = metrics.counter("remoteRequests");
      requestsInFlight = metrics.counter("remoteRequestsInFlight");
      responses = metrics.counter("remoteResponses");
      responseTimeMicros = metrics.counter("remoteResponseTimeMicros");
      backlog = metrics.counter("remoteBacklog");
    }
    if (message instanceof AsyncOperationResult<?, ?> result) {
      if (result.metadata() instanceof byte[] batch) {
        onResult(context, result, batch);
        return;
      }
      if (SLOT.equals(result.metadata())) {
        return;
      }
    }
    ToFunction.Invocation invocation = invocation(context, message);
    if (Boolean.TRUE.equals(inFlight.get())) {
      waiting.append(invocation.toByteArray());
      int count = waitingCount.getOrDefault(0) + 1;
      waitingCount.set(count);
      backlog.inc();
      backlogCounted.merge(context.self(), 1, Integer::sum);
      if (count > maxBatchSize) {
        CompletableFuture<Void> slot = new CompletableFuture<>();
        slots.computeIfAbsent(context.self(), a -> new ArrayList<>()).add(slot);
        context.registerAsyncOperation(SLOT, slot);
      }
    } else {
      inFlight.set(true);
      send(
          context,
          InvocationBatchRequest.newBuilder()
              .setTarget(protocolAddress(context.self()))
              .addInvocations(invocation)
              .build());
    }
  }

  private void onResult(Context context, AsyncOperationResult<?, ?> result, byte[] batch) {
    if (result.unknown()) {
      // Restored from a checkpoint taken while the batch was in flight: send it again.
      send(context, parseBatch(batch));
      return;
    }
    requestsInFlight.dec();
    if (result.failure()) {
      // With on-error skip or dead-letter the batch is dropped: the address must not stay blocked.
      sendWaitingOrIdle(context);
      Throwable error = result.throwable();
      throw error instanceof RemoteCallException remote
          ? remote
          : new RemoteCallException(
              "Remote function "
                  + type
                  + " at "
                  + HttpTransport.printable(transport.url())
                  + " failed: "
                  + error,
              error);
    }
    Answer answer = (Answer) result.value();
    responses.inc();
    responseTimeMicros.inc(answer.nanos() / 1000);
    FromFunction response = parseResponse(answer.body());
    switch (response.getResponseCase()) {
      case INCOMPLETE_INVOCATION_CONTEXT -> {
        registerMissing(response.getIncompleteInvocationContext().getMissingValuesList());
        send(context, parseBatch(batch));
      }
      case INVOCATION_RESULT -> {
        apply(context, response.getInvocationResult());
        sendWaitingOrIdle(context);
      }
      default ->
          throw new RemoteCallException(
              "Remote function "
                  + type
                  + " at "
                  + HttpTransport.printable(transport.url())
                  + " answered a batch of "
                  + parseBatch(batch).getInvocationsCount()
                  + " invocations for "
                  + context.self()
                  + " without a result",
              null);
    }
  }

  /** Applies a response in the protocol's order: state, messages, delayed messages, egress. */
  private void apply(Context context, InvocationResponse response) {
    for (PersistedValueMutation mutation : response.getStateMutationsList()) {
      PersistedValue<byte[]> value = stateValue(mutation.getStateName());
      switch (mutation.getMutationType()) {
        case DELETE -> value.clear();
        case MODIFY -> {
          stateTypeNames.put(mutation.getStateName(), mutation.getStateValue().getTypename());
          value.set(mutation.getStateValue().toByteArray());
        }
        default ->
            throw new RemoteCallException(
                "Remote function " + type + " sent an unknown state mutation " + mutation, null);
      }
    }
    for (FromFunction.Invocation message : response.getOutgoingMessagesList()) {
      context.send(address(message.getTarget()), TypedValues.fromProtocol(message.getArgument()));
    }
    for (DelayedInvocation delayed : response.getDelayedInvocationsList()) {
      if (delayed.getIsCancellationRequest()) {
        context.cancelDelayedMessage(delayed.getCancellationToken());
        continue;
      }
      Duration delay = Duration.ofMillis(delayed.getDelayInMs());
      Address to = address(delayed.getTarget());
      Object argument = TypedValues.fromProtocol(delayed.getArgument());
      if (delayed.getCancellationToken().isEmpty()) {
        context.sendAfter(delay, to, argument);
      } else {
        context.sendAfter(delay, to, argument, delayed.getCancellationToken());
      }
    }
    for (EgressMessage egress : response.getOutgoingEgressesList()) {
      context.send(
          new EgressIdentifier<>(Object.class, egress.getEgressNamespace(), egress.getEgressType()),
          TypedValues.fromProtocol(egress.getArgument()));
    }
  }

  private void sendWaitingOrIdle(Context context) {
    List<CompletableFuture<Void>> open = slots.remove(context.self());
    if (open != null) {
      open.forEach(slot -> slot.complete(null));
    }
    List<byte[]> next = new ArrayList<>();
    List<byte[]> rest = new ArrayList<>();
    for (byte[] invocation : waiting.view()) {
      (next.size() < maxBatchSize ? next : rest).add(invocation);
    }
    if (next.isEmpty()) {
      inFlight.clear();
      return;
    }
    Integer counted = backlogCounted.remove(context.self());
    if (counted != null) {
      int taken = Math.min(counted, next.size());
      backlog.dec(taken);
      if (counted > taken) {
        backlogCounted.put(context.self(), counted - taken);
      }
    }
    if (rest.isEmpty()) {
      waiting.clear();
      waitingCount.clear();
    } else {
      waiting.replaceWith(rest);
      waitingCount.set(rest.size());
    }
    send(context, batchOf(context.self(), next));
  }

  /** Sends {@code batch} with the current value of every known state, as an async operation. */
  private void send(Context context, InvocationBatchRequest batch) {
    InvocationBatchRequest.Builder request = batch.toBuilder().clearState();
    for (PersistedValue<?> registered : states.values()) {
      String name = registered.name();
      byte[] stored = stateValue(name).get();
      TypedValue value;
      if (stored != null) {
        value = parseValue(stored);
      } else {
        String typeName = stateTypeNames.get(name);
        if (typeName == null) {
          // Restored registration whose type name this worker has not seen yet: leaving it out
          // makes the SDK name it as missing, with its type.
          continue;
        }
        value = TypedValue.newBuilder().setTypename(typeName).setHasValue(false).build();
      }
      request.addState(
          ToFunction.PersistedValue.newBuilder().setStateName(name).setStateValue(value));
    }
    byte[] body = ToFunction.newBuilder().setInvocation(request).build().toByteArray();
    requests.inc();
    requestsInFlight.inc();
    long start = System.nanoTime();
    context.registerAsyncOperation(
        batch.toByteArray(),
        transport.call(body).thenApply(bytes -> new Answer(bytes, System.nanoTime() - start)));
  }

  private void registerMissing(List<PersistedValueSpec> missing) {
    for (PersistedValueSpec spec : missing) {
      stateTypeNames.put(spec.getStateName(), spec.getTypeTypename());
      if (states.get(spec.getStateName()).isEmpty()) {
        // A state registered earlier keeps its expiration: Flink cannot change a state's TTL.
        states.register(PersistedValue.of(spec.getStateName(), byte[].class, expiration(spec)));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private PersistedValue<byte[]> stateValue(String name) {
    return (PersistedValue<byte[]>)
        states
            .get(name)
            .orElseThrow(
                () ->
                    new RemoteCallException(
                        "Remote function "
                            + type
                            + " changed state '"
                            + name
                            + "', which it did not declare (its SDK did not list it as missing)",
                        null));
  }

  private static Expiration expiration(PersistedValueSpec spec) {
    ExpirationSpec expiration = spec.getExpirationSpec();
    long millis = expiration.getExpireAfterMillis();
    if (millis <= 0) {
      return Expiration.none();
    }
    return switch (expiration.getMode()) {
      case AFTER_WRITE -> Expiration.expireAfterWriting(Duration.ofMillis(millis));
      case AFTER_INVOKE -> Expiration.expireAfterReadingOrWriting(Duration.ofMillis(millis));
      default -> Expiration.none();
    };
  }

  private ToFunction.Invocation invocation(Context context, Object message) {
    TypedValue argument;
    try {
      argument = TypedValues.toProtocol(message);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          (context.caller() == null ? "An ingress" : "Function " + context.caller())
              + " sent "
              + context.self()
              + " "
              + e.getMessage(),
          e);
    }
    ToFunction.Invocation.Builder invocation = ToFunction.Invocation.newBuilder();
    invocation.setArgument(argument);
    if (context.caller() != null) {
      invocation.setCaller(protocolAddress(context.caller()));
    }
    return invocation.build();
  }

  private static InvocationBatchRequest batchOf(Address target, List<byte[]> invocations) {
    InvocationBatchRequest.Builder batch =
        InvocationBatchRequest.newBuilder().setTarget(protocolAddress(target));
    for (byte[] invocation : invocations) {
      try {
        batch.addInvocations(ToFunction.Invocation.parseFrom(invocation));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("A waiting invocation of " + target + " is corrupt", e);
      }
    }
    return batch.build();
  }

  private static org.statefun.remote.protocol.reqreply.generated.Address protocolAddress(
      Address address) {
    return org.statefun.remote.protocol.reqreply.generated.Address.newBuilder()
        .setNamespace(address.type().namespace())
        .setType(address.type().name())
        .setId(address.id())
        .build();
  }

  private Address address(org.statefun.remote.protocol.reqreply.generated.Address address) {
    if (address.getNamespace().isEmpty() || address.getType().isEmpty()) {
      throw new RemoteCallException(
          "Remote function "
              + type
              + " sent a message to an address without a function type: "
              + address,
          null);
    }
    return new Address(
        new FunctionType(address.getNamespace(), address.getType()), address.getId());
  }

  private InvocationBatchRequest parseBatch(byte[] batch) {
    try {
      return InvocationBatchRequest.parseFrom(batch);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("An in-flight batch of " + type + " is corrupt", e);
    }
  }

  private FromFunction parseResponse(byte[] body) {
    try {
      return FromFunction.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      throw new RemoteCallException(
          "Remote function "
              + type
              + " at "
              + HttpTransport.printable(transport.url())
              + " answered with a body that is not a StateFun FromFunction message ("
              + body.length
              + " bytes): "
              + e.getMessage(),
          e);
    }
  }

  private static TypedValue parseValue(byte[] stored) {
    try {
      return TypedValue.parseFrom(stored);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("A stored remote function value is corrupt", e);
    }
  }
}
