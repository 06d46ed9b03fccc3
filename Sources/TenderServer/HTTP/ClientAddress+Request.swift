import TenderDomain
import Vapor

extension Request {
    /// The client's address: the socket's peer, or behind a proxy listed in TENDER_TRUSTED_PROXIES
    /// the address that proxy saw (`ClientAddressRule`). Nil when the peer is unknown.
    var clientAddress: String? {
        application.tender.config.clientAddress.client(
            peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
    }
}
