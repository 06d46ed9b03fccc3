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
}
