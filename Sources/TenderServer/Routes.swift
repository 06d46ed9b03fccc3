import Foundation
import Vapor

func routes(_ app: Application) throws {
    let openAPI = FileManager.default.contents(atPath: app.tender.config.staticDir + "/openapi.json")
    try app.register(collection: SystemController(openAPI: openAPI))
    let api = app.grouped("api", "v1").grouped(JSONBodyMiddleware(), TokenAuthenticator(ctx: app.tender))
    try api.register(collection: AuthController())
    try api.register(collection: VendorsController())
    try api.register(collection: TendersController())
    try api.register(collection: QuestionsController())
    try api.register(collection: BidsController(ctx: app.tender))
    try api.register(collection: OpeningController())
    try api.register(collection: RedFlagsController())
    try api.register(collection: EvaluationController())
    try api.register(collection: AwardController())
    try api.register(collection: AuditController())
    try api.register(collection: OCDSController())
    try api.register(collection: OrganisationController())
    try api.register(collection: RequestsController())
    try api.register(collection: ContractsController())
    try api.register(collection: ContractPaymentsController())
    try api.register(collection: ContractReportsController())
}
