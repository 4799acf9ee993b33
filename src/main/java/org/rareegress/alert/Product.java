package org.rareegress.alert;

/** This product as the output formats name it (ECS {@code observer.*}, OCSF {@code metadata.product}). */
final class Product {
    static final String NAME = "rare-egress";

    private Product() {
    }

    /** The jar's version; null when running from classes (tests, an IDE). */
    static String version() {
        return Product.class.getPackage().getImplementationVersion();
    }
}
