package io.writethrough.jdbc.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of every JDBC interface, JDK default methods included, must be declared by the Forwarding class and
 * reach the delegate exactly once with the caller's arguments, handing back the delegate's answer untouched.
 */
class ForwardingCompletenessTest {

    /** A JDBC interface, its Forwarding class, and how to wrap a delegate in it. */
    record Subject(Class<?> jdbcInterface, Class<?> forwardingClass, Function<Object, Object> wrapping) {

        Object wrap(Object delegate) {
            return wrapping.apply(delegate);
        }

        @Override
        public String toString() {
            return forwardingClass.getSimpleName();
        }
    }

    /** Not implemented by any Forwarding class, the way PGConnection is not: only the delegate can answer for it. */
    interface VendorExtension {
    }

    static Stream<Subject> subjects() {
        return Stream.of(
                new Subject(Connection.class, ForwardingConnection.class,
                        delegate -> new ForwardingConnection((Connection) delegate)),
                new Subject(Statement.class, ForwardingStatement.class,
                        delegate -> new ForwardingStatement((Statement) delegate)),
                new Subject(PreparedStatement.class, ForwardingPreparedStatement.class,
                        delegate -> new ForwardingPreparedStatement((PreparedStatement) delegate)),
                new Subject(CallableStatement.class, ForwardingCallableStatement.class,
                        delegate -> new ForwardingCallableStatement((CallableStatement) delegate)),
                new Subject(ResultSet.class, ForwardingResultSet.class,
                        delegate -> new ForwardingResultSet((ResultSet) delegate)),
                new Subject(DatabaseMetaData.class, ForwardingDatabaseMetaData.class,
                        delegate -> new ForwardingDatabaseMetaData((DatabaseMetaData) delegate)),
                new Subject(ResultSetMetaData.class, ForwardingResultSetMetaData.class,
                        delegate -> new ForwardingResultSetMetaData((ResultSetMetaData) delegate)),
                new Subject(Array.class, ForwardingArray.class, delegate -> new ForwardingArray((Array) delegate)));
    }

    /** The subjects whose interface is a {@link Wrapper} ({@link Array} is not). */
    static Stream<Subject> wrappers() {
        return subjects().filter(subject -> Wrapper.class.isAssignableFrom(subject.jdbcInterface()));
    }

    @TestFactory
    Stream<DynamicNode> everyInterfaceMethodIsDeclaredAndForwarded() {
        return subjects().map(subject -> dynamicContainer(subject.toString(),
                interfaceMethods(subject.jdbcInterface()).stream().flatMap(method -> Stream.of(
                        dynamicTest("declares " + signature(method), () -> assertDeclared(subject, method)),
                        dynamicTest("forwards " + signature(method), () -> assertForwarded(subject, method))))));
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void unwrapAnswersForTheWrapperItselfWithoutAskingTheDelegate(Subject subject) throws SQLException {
        RecordingDelegate delegate = new RecordingDelegate(subject.jdbcInterface());
        Wrapper wrapper = (Wrapper) subject.wrap(delegate.proxy());

        assertThat(wrapper.unwrap(subject.forwardingClass())).isSameAs(wrapper);
        assertThat(wrapper.unwrap(subject.jdbcInterface())).isSameAs(wrapper);
        assertThat(wrapper.isWrapperFor(subject.forwardingClass())).isTrue();
        assertThat(wrapper.isWrapperFor(subject.jdbcInterface())).isTrue();
        assertThat(delegate.calls()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void unwrapToAnotherInterfaceAsksTheDelegate(Subject subject) throws SQLException {
        RecordingDelegate delegate = new RecordingDelegate(subject.jdbcInterface());
        Wrapper wrapper = (Wrapper) subject.wrap(delegate.proxy());

        VendorExtension unwrapped = wrapper.unwrap(VendorExtension.class);

        assertThat(delegate.calls()).singleElement().satisfies(call -> {
            assertThat(call.method().getName()).isEqualTo("unwrap");
            assertThat(call.arguments()).containsExactly(VendorExtension.class);
            assertThat(unwrapped).isSameAs(call.returned());
        });
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void isWrapperForAnotherInterfaceIsTheDelegatesAnswer(Subject subject) throws SQLException {
        RecordingDelegate delegate = new RecordingDelegate(subject.jdbcInterface());
        Wrapper wrapper = (Wrapper) subject.wrap(delegate.proxy());

        delegate.answer("isWrapperFor", true);
        assertThat(wrapper.isWrapperFor(VendorExtension.class)).isTrue();
        delegate.answer("isWrapperFor", false);
        assertThat(wrapper.isWrapperFor(VendorExtension.class)).isFalse();

        assertThat(delegate.calls()).hasSize(2).allSatisfy(call -> {
            assertThat(call.method().getName()).isEqualTo("isWrapperFor");
            assertThat(call.arguments()).containsExactly(VendorExtension.class);
        });
    }

    @ParameterizedTest
    @MethodSource("subjects")
    void refusesANullDelegate(Subject subject) {
        assertThatNullPointerException().isThrownBy(() -> subject.wrap(null)).withMessage("delegate");
    }

    /** getMethods() of an interface: its own, inherited (Wrapper, AutoCloseable) and default methods. */
    private static List<Method> interfaceMethods(Class<?> jdbcInterface) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        Arrays.stream(jdbcInterface.getMethods())
                .sorted((a, b) -> signature(a).compareTo(signature(b)))
                .forEach(method -> bySignature.putIfAbsent(signature(method), method));
        return new ArrayList<>(bySignature.values());
    }

    private static void assertDeclared(Subject subject, Method method) throws NoSuchMethodException {
        Class<?> declaringClass = subject.forwardingClass()
                .getMethod(method.getName(), method.getParameterTypes())
                .getDeclaringClass();
        assertThat(declaringClass)
                .as("%s must declare %s itself (in it or a Forwarding superclass), not inherit %s's body",
                        subject, signature(method), declaringClass.getSimpleName())
                .isIn(forwardingHierarchy(subject.forwardingClass()));
    }

    private static void assertForwarded(Subject subject, Method method) throws Exception {
        if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
            return; // answered by the wrapper for its own types; covered by the unwrap/isWrapperFor tests
        }
        RecordingDelegate delegate = new RecordingDelegate(subject.jdbcInterface());
        Object wrapper = subject.wrap(delegate.proxy());
        Class<?>[] parameterTypes = method.getParameterTypes();
        Object[] arguments = DummyValues.forParameters(parameterTypes);

        Object returned = invoke(method, wrapper, arguments);

        assertThat(delegate.calls()).as("calls reaching the delegate for %s", signature(method)).hasSize(1);
        RecordingDelegate.Call call = delegate.calls().get(0);
        assertThat(call.method().getName()).isEqualTo(method.getName());
        assertThat(call.method().getParameterTypes()).containsExactly(parameterTypes);
        for (int i = 0; i < parameterTypes.length; i++) {
            assertSameValue(parameterTypes[i], call.arguments()[i], arguments[i], "argument " + i);
        }
        assertSameValue(method.getReturnType(), returned, call.returned(), "returned value");
    }

    /** Primitives arrive re-boxed, so equal is the best they can be; everything else must be the very object. */
    private static void assertSameValue(Class<?> type, Object actual, Object expected, String what) {
        if (type.isPrimitive()) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isSameAs(expected);
        }
    }

    private static Object invoke(Method method, Object target, Object[] arguments) throws Exception {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static List<Class<?>> forwardingHierarchy(Class<?> forwardingClass) {
        List<Class<?>> hierarchy = new ArrayList<>();
        for (Class<?> c = forwardingClass; c != Object.class; c = c.getSuperclass()) {
            hierarchy.add(c);
        }
        return hierarchy;
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
