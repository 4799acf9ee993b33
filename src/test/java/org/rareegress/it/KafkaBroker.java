package org.rareegress.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests one real Kafka broker: {@code @ExtendWith(KafkaBroker.class)}, then take a
 * {@link TestKafka} parameter (in a test, a lifecycle method or the constructor). The broker starts on
 * first use and is shared by every test class of the JVM (it lives in the root context's store), so all
 * {@code *IT} classes pay its start-up once; JUnit closes it when the run ends. Tests share it, so they
 * use their own topic names ({@link TestKafka#newTopicName}).
 */
public final class KafkaBroker implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestKafka.class, type -> TestKafka.start(), TestKafka.class);
    }
}
