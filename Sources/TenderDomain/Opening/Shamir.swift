/// Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), by log and
/// antilog tables of the generator 3. Addition and subtraction are XOR.
public enum GF256 {
    /// exp[i] = 3^i for i in 0..<510 (doubled so that exp[log a + log b] needs no reduction).
    static let tables: (exp: [UInt8], log: [UInt8]) = {
        var exp = [UInt8](repeating: 0, count: 510)
        var log = [UInt8](repeating: 0, count: 256)
        var x: UInt8 = 1
        for i in 0..<255 {
            exp[i] = x
            log[Int(x)] = UInt8(i)
            x ^= xtime(x)  // x * 3 = x * 2 + x
        }
        for i in 255..<510 { exp[i] = exp[i - 255] }
        return (exp, log)
    }()

    /// x * 2, reduced by the polynomial.
    static func xtime(_ a: UInt8) -> UInt8 { (a << 1) ^ (a & 0x80 != 0 ? 0x1B : 0) }

    /// The product by shift-and-add, no tables: the reference the tables are tested against.
    public static func slowMultiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var (a, b, p): (UInt8, UInt8, UInt8) = (a, b, 0)
        while b != 0 {
            if b & 1 != 0 { p ^= a }
            a = xtime(a)
            b >>= 1
        }
        return p
    }

    public static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return tables.exp[Int(tables.log[Int(a)]) + Int(tables.log[Int(b)])]
    }

    /// The multiplicative inverse; `a` must not be 0.
    public static func inverse(_ a: UInt8) -> UInt8 {
        precondition(a != 0, "0 has no inverse")
        return tables.exp[255 - Int(tables.log[Int(a)])]
    }
}

/// Shamir's secret sharing over GF(2^8), byte by byte: each byte of the secret is the constant term
/// of its own random polynomial of degree t − 1, and share number x (1…255) holds the polynomials'
/// values at x. Any t shares give the secret back by Lagrange interpolation at 0; fewer tell nothing.
public enum Shamir {
    public struct Share: Sendable, Equatable {
        public let number: UInt8
        public let bytes: [UInt8]
        public init(number: UInt8, bytes: [UInt8]) {
            self.number = number
            self.bytes = bytes
        }
    }

    /// Splits `secret` into `count` shares numbered 1…count, any `threshold` of which rebuild it.
    /// `random` gives the polynomials' other coefficients (a test passes its own).
    public static func split(
        _ secret: [UInt8], threshold: Int, count: Int, random: (Int) -> [UInt8] = { secureRandomBytes($0) }
    ) -> [Share] {
        precondition(2 <= threshold && threshold <= count && count <= 255, "need 2 <= threshold <= count <= 255")
        // coefficients[k][i]: the coefficient of x^(k+1) for byte i.
        let coefficients = (1..<threshold).map { _ in random(secret.count) }
        return (1...count).map { n in
            let x = UInt8(n)
            let bytes = secret.indices.map { i in
                // Horner's rule from the highest coefficient down to the secret byte.
                var y: UInt8 = 0
                for k in stride(from: threshold - 2, through: 0, by: -1) { y = GF256.multiply(y, x) ^ coefficients[k][i] }
                return GF256.multiply(y, x) ^ secret[i]
            }
            return Share(number: x, bytes: bytes)
        }
    }

    public enum CombineError: Error, Equatable, Sendable {
        case noShares
        case invalidNumber(UInt8)
        case duplicateNumber(UInt8)
        case lengthMismatch
    }

    /// The secret the shares interpolate at 0. Given t shares of a degree t − 1 sharing, that is the
    /// secret; given shares of different sharings, it is some other value (the caller checks a hash).
    public static func combine(_ shares: [Share]) throws(CombineError) -> [UInt8] {
        guard let length = shares.first?.bytes.count else { throw .noShares }
        var seen = Set<UInt8>()
        for s in shares {
            guard s.number != 0 else { throw .invalidNumber(0) }
            guard seen.insert(s.number).inserted else { throw .duplicateNumber(s.number) }
            guard s.bytes.count == length else { throw .lengthMismatch }
        }
        // The Lagrange basis at 0: l_i(0) = prod over j != i of x_j / (x_j - x_i), and - is XOR.
        let basis = shares.map { si in
            var numerator: UInt8 = 1
            var denominator: UInt8 = 1
            for sj in shares where sj.number != si.number {
                numerator = GF256.multiply(numerator, sj.number)
                denominator = GF256.multiply(denominator, sj.number ^ si.number)
            }
            return GF256.multiply(numerator, GF256.inverse(denominator))
        }
        var secret = [UInt8](repeating: 0, count: length)
        for (k, s) in shares.enumerated() {
            let l = basis[k]
            for i in 0..<length { secret[i] ^= GF256.multiply(s.bytes[i], l) }
        }
        return secret
    }
}

/// `count` bytes from the system's cryptographically secure generator (getrandom on Linux).
public func secureRandomBytes(_ count: Int) -> [UInt8] {
    var g = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &g) }
}
