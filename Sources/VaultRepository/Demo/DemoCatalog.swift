/// The vocabulary demo data is drawn from: plausible companies, people, places and currencies.
enum DemoCatalog {
    struct Market {
        let currency: String
        let legalForm: String
        let domainSuffix: String
    }

    static let markets: [Market] = [
        Market(currency: "EUR", legalForm: "GmbH", domainSuffix: "de"),
        Market(currency: "EUR", legalForm: "B.V.", domainSuffix: "nl"),
        Market(currency: "EUR", legalForm: "S.A.", domainSuffix: "es"),
        Market(currency: "GBP", legalForm: "Ltd", domainSuffix: "co.uk"),
        Market(currency: "USD", legalForm: "Inc.", domainSuffix: "com"),
        Market(currency: "SEK", legalForm: "AB", domainSuffix: "se"),
        Market(currency: "CHF", legalForm: "AG", domainSuffix: "ch"),
        Market(currency: "JPY", legalForm: "K.K.", domainSuffix: "jp"),
        Market(currency: "BHD", legalForm: "W.L.L.", domainSuffix: "bh"),
        Market(currency: "AUD", legalForm: "Pty Ltd", domainSuffix: "com.au"),
    ]

    static let brandWords = [
        "Northwind", "Bluewater", "Redstone", "Silverline", "Harbor", "Summit", "Evergreen", "Ironbridge", "Lakeside",
        "Brightpath",
        "Cobalt", "Meridian", "Granite", "Aurora", "Keystone", "Pinecrest", "Riverbend", "Stonegate", "Westfield",
        "Oakridge",
        "Clearwater", "Highland", "Crescent", "Beacon", "Falcon", "Juniper", "Lighthouse", "Maple", "Orchard",
        "Prairie",
        "Quarry", "Sterling", "Tidewater", "Vantage", "Willow", "Alder", "Brookside", "Cedar", "Driftwood", "Ember",
    ]

    static let sectors = [
        "Energy", "Water", "Telecom", "Leasing", "Finance", "Insurance", "Health", "Property", "Logistics", "Utilities",
        "Broadband", "Mobility", "Housing", "Credit", "Waste Services",
    ]

    static let accentColors = [
        "#1F6FEB", "#D1242F", "#1A7F37", "#8250DF", "#BF8700", "#0969DA", "#CF222E", "#116329", "#6639BA", "#9A6700",
        "#E16F24", "#218BFF", "#2DA44E", "#A475F9", "#D4A72C",
    ]

    static let firstNames = [
        "Ana", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jana", "Kofi", "Lena", "Mateo",
        "Nora",
        "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Aiko",
        "Bruno",
        "Carmen", "Diego", "Eva", "Felix", "Greta", "Hugo", "Ingrid", "Jonas", "Kira", "Luca", "Mila", "Nils",
    ]

    static let lastNames = [
        "Andersson", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hoffmann", "Ivanova", "Jansen",
        "Kowalski",
        "López", "Müller", "Nakamura", "O'Brien", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Ueda", "Van Dijk",
        "Weber", "Xu", "Yilmaz", "Zimmermann", "Almeida", "Bianchi", "Chen", "Novak",
    ]

    static let organizationWords = [
        "Precision", "Apex", "Nordic", "Atlas", "Pioneer", "Delta", "Vertex", "Orion", "Titan", "Zenith", "Horizon",
        "Fusion",
        "Quantum", "Vector", "Polar", "Solar", "Alpine", "Coastal", "Metro", "United",
    ]

    static let organizationKinds = [
        "Engineering", "Manufacturing", "Foods", "Plastics", "Software", "Hospital", "Construction", "Chemicals",
        "Textiles",
        "Laboratories", "Freight", "Steelworks", "Pharma", "Components", "Packaging",
    ]

    static let standards = Certificate.standards

    static let issuers = [
        "TÜV Nord Cert", "Bureau Veritas Certification", "DNV Business Assurance", "SGS United Kingdom", "LRQA",
        "BSI Assurance",
    ]
}
