package org.statefun.core.universe;

import java.util.List;
import java.util.Optional;
import org.statefun.sdk.DeadLetter;
import org.statefun.sdk.FunctionType;

/**
 * One thing wrong with the bindings of the modules, found by {@link UniverseBuilder}. Each kind of
 * problem is a record holding its facts, so that a caller can word it in its own terms (the module
 * loader names module.yaml keys); {@link #message()} is the general wording.
 */
public sealed interface UniverseProblem {

  /** The binding the problem is about; empty for problems of the universe as a whole. */
  Optional<BindingOrigin> origin();

  /** What is wrong and how to fix it, without the origin. */
  String message();

  /** A problem about one binding, made at {@link #at()}. */
  sealed interface AtBinding extends UniverseProblem {
    /** Where the binding the problem is about came from. */
    BindingOrigin at();

    @Override
    default Optional<BindingOrigin> origin() {
      return Optional.of(at());
    }
  }

  /**
   * A second binding of an ingress id, egress id or function type; only the first is kept.
   *
   * @param what {@code ingress}, {@code egress} or {@code function type}
   * @param id the id or function type
   * @param first where the kept binding came from
   * @param at where the second binding came from
   */
  record DuplicateBinding(String what, String id, BindingOrigin first, BindingOrigin at)
      implements AtBinding {
    @Override
    public String message() {
      return Character.toUpperCase(what.charAt(0))
          + what.substring(1)
          + " '"
          + id
          + "' is bound twice: first by "
          + first.description()
          + ", again by "
          + at.description();
    }
  }

  /**
   * A router for an ingress that no module binds.
   *
   * @param ingress the ingress id the router names
   * @param boundIngresses the ids of the bound ingresses, in binding order
   * @param at where the router was bound
   */
  record UnboundRouterIngress(String ingress, List<String> boundIngresses, BindingOrigin at)
      implements AtBinding {
    public UnboundRouterIngress {
      boundIngresses = List.copyOf(boundIngresses);
    }

    @Override
    public String message() {
      return "Module '"
          + at.module()
          + "' binds a router for ingress '"
          + ingress
          + "', but no ingress with that id is bound. Bound ingresses: "
          + boundIngresses;
    }
  }

  /**
   * A router whose ingress identifier has another record type than the bound ingress.
   *
   * @param ingress the ingress id
   * @param routedType the record type the router's binding names
   * @param producedType the record type the ingress produces
   * @param ingressAt where the ingress was bound
   * @param at where the router was bound
   */
  record RouterTypeMismatch(
      String ingress,
      Class<?> routedType,
      Class<?> producedType,
      BindingOrigin ingressAt,
      BindingOrigin at)
      implements AtBinding {
    @Override
    public String message() {
      return "Module '"
          + at.module()
          + "' binds a router for ingress '"
          + ingress
          + "' of type "
          + routedType.getName()
          + ", but that ingress (bound by module '"
          + ingressAt.module()
          + "') produces "
          + producedType.getName();
    }
  }

  /**
   * An ingress that no router reads.
   *
   * @param ingress the ingress id
   * @param at where the ingress was bound
   */
  record IngressWithoutRouter(String ingress, BindingOrigin at) implements AtBinding {
    @Override
    public String message() {
      return "Ingress '"
          + ingress
          + "' (bound by module '"
          + at.module()
          + "') has no router: bind one with bindIngressRouter so its records reach functions";
    }
  }

  /**
   * A failure policy whose dead-letter egress no module binds.
   *
   * @param type the function type whose policy it is
   * @param egress the dead-letter egress id
   * @param boundEgresses the ids of the bound egresses, in binding order
   * @param at where the function type was bound
   */
  record UnboundDeadLetterEgress(
      FunctionType type, String egress, List<String> boundEgresses, BindingOrigin at)
      implements AtBinding {
    public UnboundDeadLetterEgress {
      boundEgresses = List.copyOf(boundEgresses);
    }

    @Override
    public String message() {
      return "Function type '"
          + type
          + "' sends dead letters to egress '"
          + egress
          + "', but no egress with that id is bound. Bound egresses: "
          + boundEgresses;
    }
  }

  /**
   * A failure policy whose dead-letter egress does not accept {@link DeadLetter}s.
   *
   * @param type the function type whose policy it is
   * @param egress the dead-letter egress id
   * @param accepted the message type the egress accepts
   * @param at where the function type was bound
   */
  record DeadLetterEgressRejects(
      FunctionType type, String egress, Class<?> accepted, BindingOrigin at) implements AtBinding {
    @Override
    public String message() {
      return "Function type '"
          + type
          + "' sends dead letters to egress '"
          + egress
          + "', which accepts "
          + accepted.getName()
          + ", not "
          + DeadLetter.class.getName();
    }
  }

  /**
   * The universe as a whole lacks something: nothing is bound, or no function type, or no ingress.
   *
   * @param message what is missing
   */
  record MissingBindings(String message) implements UniverseProblem {
    static final MissingBindings NOTHING =
        new MissingBindings(
            "Nothing is bound: no module bound a function, ingress, router or egress"
                + " (check that modules are found: META-INF/services or module.yaml)");
    static final MissingBindings NO_FUNCTION =
        new MissingBindings(
            "No function type is bound: messages from ingresses would have nowhere to go");
    static final MissingBindings NO_INGRESS =
        new MissingBindings("No ingress is bound: no message would ever enter the application");

    @Override
    public Optional<BindingOrigin> origin() {
      return Optional.empty();
    }
  }
}
