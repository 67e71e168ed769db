@testable import NetmatrixCore
import Foundation
import Testing

@Suite("Baselines: saved as one JSON file per name, loaded by name or path, refused with the reason")
struct BaselineStoreTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "netmatrix-baselines-\(UUID().uuidString)"
        return path
    }

    @Test func aSavedRunLoadsBackWithItsSamplesAndEnvironment() throws {
        let store = BaselineStore(folder: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        let results = ReportTests.results
        let path = try store.save(results, name: "main-2026.12")
        #expect(path == store.folder + "/main-2026.12.json")
        #expect(store.names() == ["main-2026.12"])
        let loaded = try store.load("main-2026.12")
        #expect(loaded.results == results)
        #expect(try store.load(path).results == results)
    }

    @Test func namesThatAreNotFileNamesAreRefused() {
        let store = BaselineStore(folder: Self.folder())
        for name in ["", "../x", ".hidden", "a b", "x/y"] where !name.contains("/") {
            #expect(throws: BaselineError.badName(name)) { try store.save(ReportTests.results, name: name) }
        }
        #expect(!BaselineStore.isValidName("x/y"))
    }

    @Test func aMissingBaselineListsTheOnesThere() throws {
        let store = BaselineStore(folder: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        try store.save(ReportTests.results, name: "old")
        #expect(throws: BaselineError.missing(path: store.folder + "/new.json", available: ["old"])) { try store.load("new") }
    }

    @Test func anotherSchemaVersionIsRefusedWithBothVersions() throws {
        let store = BaselineStore(folder: Self.folder())
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        try FileManager.default.createDirectory(atPath: store.folder, withIntermediateDirectories: true)
        let path = store.path(for: "v1")
        try Data(#"{"schemaVersion": 1, "cells": []}"#.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try store.load("v1")
            Issue.record("a version-1 document was accepted")
        } catch {
            #expect(error.description.contains("schema version 1; this netmatrix reads \(RunResults.currentSchemaVersion)"))
            #expect(error.description.hasPrefix("baseline \(path):"))
        }
    }

    @Test func theFolderComesFromTheEnvironment() {
        #expect(BaselineStore.standard(environment: [:]).folder == "Baselines")
        #expect(BaselineStore.standard(environment: ["NETMATRIX_BASELINES": "/ci/artifacts"]).folder == "/ci/artifacts")
    }
}
