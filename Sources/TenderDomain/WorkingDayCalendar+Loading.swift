import Foundation

extension WorkingDayCalendar {
    /// The JSON form kept in `Config/calendar/`: per year, holiday ranges and make-up workdays.
    struct File: Decodable {
        struct Year: Decodable {
            struct Holiday: Decodable {
                let name: String
                let from: String
                let to: String
            }
            let holidays: [Holiday]
            let makeUpWorkdays: [String]
        }
        let years: [String: Year]
    }

    public struct LoadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses the calendar file; every date must be valid and inside its year, ranges ordered.
    public static func load(json data: Data) throws -> WorkingDayCalendar {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw LoadError(description: "calendar file is not valid: \(error)")
        }
        var holidays: [CivilDate: String] = [:]
        var workdays = Set<CivilDate>()
        var years = Set<Int>()
        for (yearText, year) in file.years {
            guard let y = Int(yearText) else { throw LoadError(description: "calendar year '\(yearText)' is not a year") }
            years.insert(y)
            for h in year.holidays {
                guard let from = CivilDate(h.from), let to = CivilDate(h.to), from <= to, from.year == y, to.year == y else {
                    throw LoadError(description: "calendar \(y): holiday '\(h.name)' has an invalid range \(h.from)…\(h.to)")
                }
                for n in from.dayNumber...to.dayNumber { holidays[CivilDate(dayNumber: n)] = h.name }
            }
            for w in year.makeUpWorkdays {
                guard let d = CivilDate(w), d.year == y else {
                    throw LoadError(description: "calendar \(y): make-up workday '\(w)' is invalid")
                }
                workdays.insert(d)
            }
        }
        return WorkingDayCalendar(holidays: holidays, makeUpWorkdays: workdays, coveredYears: years)
    }
}
