import Foundation
import SQLKit
import TenderDomain
import Testing
import Vapor

@testable import TenderServer

@Suite struct ConfigTests {
    @Test func environmentOverridesEveryRegime() throws {
        let c = try AppConfig.load(
            root: repoRoot, environment: ["TENDER_MIN_BIDDING_PERIOD": "2s", "TENDER_FILING_PERIOD": "4wd", "TENDER_PORT": "9090"])
        #expect(c.port == 9090)
        for name in ["bidding-law", "government-procurement"] {
            #expect(c.regimes[name]?.minBiddingPeriod == .seconds(2))
            #expect(c.regimes[name]?.filingPeriod == .workingDays(4))
        }
        #expect(c.regimes["bidding-law"]?.standstillPeriod == .calendarDays(3))
        #expect(c.regimes["government-procurement"]?.standstillPeriod == .workingDays(7))
        #expect(c.database == .sqliteFile("data/tenders.sqlite"))
        #expect(c.receiptKeyFile == "data/receipt-key.pem")
    }

    @Test(arguments: [
        ["TENDER_MIN_BIDDING_PERIOD": "20 days"], ["TENDER_PORT": "http"], ["TENDER_DATABASE_URL": "mysql://x"],
        ["TENDER_MINIMUM_VALID_BIDS": "three"], ["TENDER_OUTLIER_SHARE": "2"], ["TENDER_TIME_ZONE": "Nowhere/Land"],
        ["TENDER_OUTLIER_SHARE": "1e-1"], ["TENDER_ABNORMALLY_LOW_SHARE": "0.8000001"], ["TENDER_AWARD_CANDIDATES": "0"],
        ["TENDER_JUSTIFICATION_MIN_LENGTH": "-1"],
    ])
    func invalidSettings_areRefusedWithAMessage(_ env: [String: String]) {
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(root: repoRoot, environment: env) }
    }

    /// The award's numbers and the shares are rules of the regime, parsed once at start-up.
    @Test func awardNumbersAndShares_areRegimeRules() throws {
        let standard = try AppConfig.load(root: repoRoot, environment: [:])
        let rules = try #require(standard.regimes["bidding-law"])
        #expect(rules.awardCandidates == 3 && rules.justificationMinLength == 20)
        #expect(rules.outlierShare == Share("0.3")! && rules.outlierShare.description == "0.3")
        #expect(rules.abnormallyLowShare.description == "0.8")
        let changed = try AppConfig.load(
            root: repoRoot,
            environment: ["TENDER_AWARD_CANDIDATES": "2", "TENDER_JUSTIFICATION_MIN_LENGTH": "50", "TENDER_OUTLIER_SHARE": "0.25"])
        let r = try #require(changed.regimes["government-procurement"])
        #expect(r.awardCandidates == 2 && r.justificationMinLength == 50 && r.outlierShare.description == "0.25")
    }

    @Test func dataDirMovesTheDefaultDatabaseAndKey() throws {
        let c = try AppConfig.load(root: repoRoot, environment: ["TENDER_DATA_DIR": "/var/lib/tender"])
        #expect(c.database == .sqliteFile("/var/lib/tender/tenders.sqlite"))
        #expect(c.receiptKeyFile == "/var/lib/tender/receipt-key.pem")
    }

    /// The shipped policy loads; a broken one stops start-up with a message naming the entry.
    @Test func outsourcingPolicy_isLoaded_andABrokenEntryIsNamed() throws {
        let c = try AppConfig.load(root: repoRoot, environment: [:])
        #expect(c.outsourcing.businessType("line-patrol")?.outsourceable == true)
        #expect(c.outsourcing.businessType("network-monitoring")?.outsourceable == false)
        #expect(c.outsourcing.requestDecisionPeriod == .workingDays(5) && c.outsourcing.tenderDraftPeriod == .workingDays(10))
        let cases: [(String, String)] = [
            (
                #"{"businessTypes":[{"key":"a","name":"A","outsourceable":"yes","clause":"c"}],"modes":["partial"],"grades":{"excellent":90,"good":75,"pass":60}}"#,
                "businessTypes[0] ('a').outsourceable"
            ),
            (
                #"{"businessTypes":[{"key":"a","name":"A","outsourceable":true,"clause":"c"},{"key":"b","name":"B","outsourceable":false}],"modes":["partial"],"grades":{"excellent":90,"good":75,"pass":60}}"#,
                "businessTypes[1] needs the strings key, name and clause"
            ),
            (
                #"{"businessTypes":[{"key":"a","name":"A","outsourceable":true,"clause":"c"}],"modes":["half"],"grades":{"excellent":90,"good":75,"pass":60}}"#,
                "modes: 'half'"
            ),
            (
                #"{"businessTypes":[{"key":"a","name":"A","outsourceable":true,"clause":"c"}],"modes":["partial"],"grades":{"excellent":90,"good":75,"pass":60},"periods":{"requestDecision":"soon"}}"#,
                "periods.requestDecision 'soon'"
            ),
        ]
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for name in ["defaults.json", "regimes.json"] {
            try FileManager.default.copyItem(atPath: repoRoot + "/Config/" + name, toPath: dir + "/" + name)
        }
        try FileManager.default.createDirectory(atPath: dir + "/calendar", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: repoRoot + "/Config/calendar/china.json", toPath: dir + "/calendar/china.json")
        for (json, expected) in cases {
            try json.write(toFile: dir + "/outsourcing.json", atomically: true, encoding: .utf8)
            do {
                _ = try AppConfig.load(root: repoRoot, environment: ["TENDER_CONFIG_DIR": dir])
                Issue.record("accepted \(json)")
            } catch {
                #expect("\(error)".contains(expected), "\(error)")
                #expect("\(error)".contains("outsourcing.json"))
            }
        }
    }
}
