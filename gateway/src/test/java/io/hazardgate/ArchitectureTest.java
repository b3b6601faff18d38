package io.hazardgate;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Holds the arrows of docs/architecture.md on the compiled gateway (tests left out): no package cycle
 * at any depth, every top-level package using only those below it, and Netty only in the transport,
 * the HTTP side and the wiring. Each package's package-info.java says the same in words.
 */
class ArchitectureTest {
    private static final JavaClasses GATEWAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.hazardgate");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.hazardgate.(**)").should().beFreeOfCycles().check(GATEWAY);
    }

    @Test
    void topLevelPackagesOnlyUseThoseBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("wiring").definedBy("io.hazardgate")
                .layer("cluster").definedBy("io.hazardgate.cluster..")
                .layer("api").definedBy("io.hazardgate.api..")
                .layer("southbound").definedBy("io.hazardgate.southbound..")
                .layer("response").definedBy("io.hazardgate.response..")
                .layer("uplink").definedBy("io.hazardgate.uplink..")
                .layer("datadir").definedBy("io.hazardgate.datadir..")
                .layer("clock").definedBy("io.hazardgate.clock..")
                .layer("alarm").definedBy("io.hazardgate.alarm..")
                .layer("store").definedBy("io.hazardgate.store..")
                .layer("ingest").definedBy("io.hazardgate.ingest..")
                .layer("mqtt").definedBy("io.hazardgate.mqtt..")
                .layer("plant").definedBy("io.hazardgate.plant..")
                .layer("record").definedBy("io.hazardgate.record..")
                .layer("config").definedBy("io.hazardgate.config..")
                .layer("wire").definedBy("io.hazardgate.wire..")
                .whereLayer("wiring").mayNotBeAccessedByAnyLayer()
                // the Kafka tiers stand beside the HTTP side: they carry the domain, not the transport
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("cluster").mayOnlyAccessLayers("alarm", "store", "plant", "record", "config", "wire")
                .whereLayer("api").mayOnlyBeAccessedByLayers("wiring")
                // the protocols plants already speak: beside the MQTT transport, above ingest, which they feed
                .whereLayer("southbound").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("southbound").mayOnlyAccessLayers("ingest", "mqtt", "plant", "record", "config", "wire")
                // alarm response listens to the alarm bus; the alarm engine knows nothing of it
                .whereLayer("response").mayOnlyBeAccessedByLayers("api", "wiring")
                // the uplinks read the log through their own cursors; the alarm engine they know only by its records
                .whereLayer("uplink").mayOnlyBeAccessedByLayers("api", "wiring")
                // operations beside the data flow: the data directory as a whole, and the gateway's clock
                .whereLayer("datadir").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("datadir").mayOnlyAccessLayers("config", "store")
                .whereLayer("clock").mayOnlyBeAccessedByLayers("wiring")
                .whereLayer("clock").mayOnlyAccessLayers("config")
                // alarm and store stand side by side: neither knows the other
                .whereLayer("alarm").mayOnlyBeAccessedByLayers("response", "api", "cluster", "wiring")
                .whereLayer("store").mayOnlyBeAccessedByLayers("api", "uplink", "cluster", "datadir", "wiring")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("southbound", "alarm", "store", "api", "wiring")
                .whereLayer("plant").mayOnlyBeAccessedByLayers("southbound", "ingest", "alarm", "store", "api", "cluster", "wiring")
                .whereLayer("record").mayOnlyBeAccessedByLayers("southbound", "plant", "ingest", "alarm", "store", "uplink", "response", "api",
                        "cluster", "wiring")
                .whereLayer("record").mayOnlyAccessLayers("config", "wire")
                // the transport serves ingest and the wiring, and knows nothing of the domain
                .whereLayer("mqtt").mayOnlyBeAccessedByLayers("southbound", "ingest", "wiring")
                .whereLayer("mqtt").mayOnlyAccessLayers("config")
                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("wire").mayNotAccessAnyLayer()
                .check(GATEWAY);
    }

    @Test
    void alarmRolesOnlyUseThoseBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("engine").definedBy("io.hazardgate.alarm")
                .layer("delivery").definedBy("io.hazardgate.alarm.delivery..")
                .layer("lifecycle").definedBy("io.hazardgate.alarm.lifecycle..")
                .layer("state").definedBy("io.hazardgate.alarm.state..")
                .layer("rules").definedBy("io.hazardgate.alarm.rules..")
                .whereLayer("engine").mayNotBeAccessedByAnyLayer()
                .whereLayer("delivery").mayOnlyBeAccessedByLayers("engine")
                .whereLayer("lifecycle").mayOnlyBeAccessedByLayers("engine", "delivery")
                .whereLayer("state").mayOnlyBeAccessedByLayers("engine", "lifecycle")
                .whereLayer("rules").mayOnlyBeAccessedByLayers("engine", "lifecycle", "state")
                .check(GATEWAY);
    }

    @Test
    void storeRolesOnlyUseThoseBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy("io.hazardgate.store")
                .layer("questdb").definedBy("io.hazardgate.store.questdb..")
                .layer("writer").definedBy("io.hazardgate.store.writer..")
                .layer("log").definedBy("io.hazardgate.store.log..")
                .whereLayer("facade").mayNotBeAccessedByAnyLayer()
                .whereLayer("questdb").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("writer").mayOnlyBeAccessedByLayers("facade", "questdb")
                .whereLayer("log").mayOnlyBeAccessedByLayers("facade", "writer")
                .check(GATEWAY);
    }

    @Test
    void uplinkRolesOnlyUseThoseBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("facade").definedBy("io.hazardgate.uplink")
                .layer("transport").definedBy("io.hazardgate.uplink.transport..")
                .layer("feed").definedBy("io.hazardgate.uplink.feed..")
                .layer("stats").definedBy("io.hazardgate.uplink.stats..")
                .layer("template").definedBy("io.hazardgate.uplink.template..")
                .whereLayer("facade").mayNotBeAccessedByAnyLayer()
                .whereLayer("transport").mayOnlyBeAccessedByLayers("facade")
                .whereLayer("feed").mayOnlyBeAccessedByLayers("facade", "transport")
                .whereLayer("stats").mayOnlyBeAccessedByLayers("facade", "feed")
                .whereLayer("template").mayOnlyBeAccessedByLayers("facade", "feed", "transport")
                .check(GATEWAY);
    }

    @Test
    void configRolesOnlyUseThoseBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("loading").definedBy("io.hazardgate.config")
                .layer("site").definedBy("io.hazardgate.config.site..")
                .layer("mqtt").definedBy("io.hazardgate.config.mqtt..")
                .layer("uplink").definedBy("io.hazardgate.config.uplink..")
                .layer("rules").definedBy("io.hazardgate.config.rules..")
                .layer("device").definedBy("io.hazardgate.config.device..")
                .layer("response").definedBy("io.hazardgate.config.response..")
                .whereLayer("loading").mayNotBeAccessedByAnyLayer()
                .whereLayer("response").mayOnlyBeAccessedByLayers("loading")
                .whereLayer("response").mayNotAccessAnyLayer()
                .whereLayer("site").mayOnlyBeAccessedByLayers("loading")
                .whereLayer("device").mayOnlyBeAccessedByLayers("loading", "site")
                .whereLayer("device").mayNotAccessAnyLayer()
                .whereLayer("mqtt").mayOnlyBeAccessedByLayers("loading")
                .whereLayer("uplink").mayOnlyBeAccessedByLayers("loading")
                .whereLayer("rules").mayOnlyBeAccessedByLayers("loading", "site")
                .check(GATEWAY);
    }

    @Test
    void kafkaStaysInTheClusterPackage() {
        noClasses().that().resideInAPackage("io.hazardgate..").and().resideOutsideOfPackage("io.hazardgate.cluster..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.kafka..")
                .because("the single process knows nothing of Kafka; the cluster's tiers are the one place that does")
                .check(GATEWAY);
    }

    @Test
    void metersAreDefinedOnlyInEachLayersMetricsClass() {
        noClasses().that().resideInAPackage("io.hazardgate..").and().haveSimpleNameNotEndingWith("Metrics")
                .should().dependOnClassesThat(resideInAPackage("io.micrometer.core.instrument").and(simpleName("Builder")))
                .because("docs/operations.md lists every meter, and each layer defines its own in one place")
                .check(GATEWAY);
    }

    /**
     * The HJ 212 listener is a TCP server of its own, as the MQTT server is, so its server package uses
     * Netty too; the protocol (frames, CRC, packets, accounts) stays outside it and Netty-free, and so do
     * the other southbound adapters (the Modbus library brings its own transport behind its API).
     */
    @Test
    void nettyStaysInTheTransportTheHttpSideAndTheWiring() {
        noClasses().that().resideInAPackage("io.hazardgate..")
                .and().resideOutsideOfPackages("io.hazardgate.mqtt..", "io.hazardgate.api..", "io.hazardgate",
                        "io.hazardgate.southbound.hj212.server..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .because("the domain sees records as io.hazardgate.record.Bytes; the wiring wraps the transport's buffers")
                .check(GATEWAY);
    }
}
