package io.writethrough.jdbc.forwarding;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for the real JDBC object: a {@link Proxy} of one interface that records every call and answers each
 * with a fresh {@link DummyValues dummy value} of the method's return type (or a value set with {@link #answer}).
 */
final class RecordingDelegate {

    /** One call that reached the delegate, with the value the delegate handed back. */
    record Call(Method method, Object[] arguments, Object returned) {
    }

    private final Class<?> type;
    private final Object proxy;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Object> answers = new HashMap<>();

    RecordingDelegate(Class<?> type) {
        this.type = type;
        this.proxy = Proxy.newProxyInstance(RecordingDelegate.class.getClassLoader(), new Class<?>[] {type},
                (self, method, arguments) -> handle(self, method, arguments));
    }

    Object proxy() {
        return proxy;
    }

    List<Call> calls() {
        return calls;
    }

    /** Makes every later call of the named method answer {@code value} instead of a dummy. */
    RecordingDelegate answer(String methodName, Object value) {
        answers.put(methodName, value);
        return this;
    }

    private Object handle(Object self, Method method, Object[] arguments) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "recording " + type.getSimpleName();
                case "hashCode" -> System.identityHashCode(self);
                default -> self == arguments[0];
            };
        }
        Object[] recordedArguments = arguments == null ? new Object[0] : arguments;
        Object returned = answers.containsKey(method.getName())
                ? answers.get(method.getName())
                : DummyValues.of(answerType(method, recordedArguments));
        calls.add(new Call(method, recordedArguments, returned));
        return returned;
    }

    // unwrap's erased return type is Object, but the caller casts the result to the class it asked for.
    private static Class<?> answerType(Method method, Object[] arguments) {
        if (method.getName().equals("unwrap") && arguments.length == 1 && arguments[0] instanceof Class<?> asked) {
            return asked;
        }
        return method.getReturnType();
    }
}
