/// A token of a PartiQL statement, with its place in the text for error messages.
struct PartiQLToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A bare word: a keyword or an unquoted name (compared case-insensitively as a keyword).
        case word
        /// A double-quoted name, quotes removed and `""` unescaped.
        case quotedName
        /// A single-quoted string literal, quotes removed and `''` unescaped.
        case string
        case number
        case symbol
        case end
    }

    var kind: Kind
    var text: String
    /// 1-based character position of the token's first character.
    var position: Int

    func isKeyword(_ keyword: String) -> Bool {
        kind == .word && text.uppercased() == keyword
    }

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .end: "end of statement"
        case .string: "'\(text)'"
        case .quotedName: "\"\(text)\""
        default: text
        }
    }
}

/// Splits a PartiQL statement into tokens. Every failure is a ValidationException naming the
/// position, as DynamoDB's parser reports it.
enum PartiQLLexer {
    static let maxLength = 8192

    static func tokens(of text: String) throws(StoreError) -> [PartiQLToken] {
        if text.utf8.count > maxLength {
            throw .validation(
                "1 validation error detected: Value at 'statement' failed to satisfy constraint: Member must have length less than or equal to \(maxLength)"
            )
        }
        let scalars = Array(text.unicodeScalars)
        var tokens: [PartiQLToken] = []
        var index = 0
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            let start = index + 1
            if scalar.properties.isWhitespace {
                index += 1
                continue
            }
            // Comments: `--` to the end of the line.
            if scalar == "-", peek(1) == "-" {
                while let next = peek(), next != "\n" { index += 1 }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                let quote = scalar
                var value = String.UnicodeScalarView()
                index += 1
                var closed = false
                while let next = peek() {
                    index += 1
                    if next == quote {
                        if peek() == quote {
                            value.append(quote)
                            index += 1
                            continue
                        }
                        closed = true
                        break
                    }
                    value.append(next)
                }
                guard closed else {
                    throw syntax("unterminated \(quote == "'" ? "string" : "quoted name") starting", at: start)
                }
                tokens.append(
                    PartiQLToken(kind: quote == "'" ? .string : .quotedName, text: String(value), position: start))
                continue
            }
            if isDigit(scalar) || (scalar == "." && peek(1).map(isDigit) == true) {
                var value = String.UnicodeScalarView()
                while let next = peek(), isDigit(next) || next == "." {
                    value.append(next)
                    index += 1
                }
                if let e = peek(), e == "e" || e == "E" {
                    let sign = peek(1)
                    let digitAt = (sign == "+" || sign == "-") ? 2 : 1
                    if peek(digitAt).map(isDigit) == true {
                        for _ in 0..<digitAt {
                            value.append(scalars[index])
                            index += 1
                        }
                        while let next = peek(), isDigit(next) {
                            value.append(next)
                            index += 1
                        }
                    }
                }
                tokens.append(PartiQLToken(kind: .number, text: String(value), position: start))
                continue
            }
            if isWordStart(scalar) {
                var value = String.UnicodeScalarView()
                while let next = peek(), isWordStart(next) || isDigit(next) {
                    value.append(next)
                    index += 1
                }
                tokens.append(PartiQLToken(kind: .word, text: String(value), position: start))
                continue
            }
            let two = peek(1).map { String(scalar) + String($0) }
            if let two, ["<=", ">=", "<>", "!=", "<<", ">>"].contains(two) {
                tokens.append(PartiQLToken(kind: .symbol, text: two, position: start))
                index += 2
                continue
            }
            if "()[]{},.:?*=<>+-".unicodeScalars.contains(scalar) {
                tokens.append(PartiQLToken(kind: .symbol, text: String(scalar), position: start))
                index += 1
                continue
            }
            throw syntax("unexpected character '\(scalar)'", at: start)
        }
        tokens.append(PartiQLToken(kind: .end, text: "", position: scalars.count + 1))
        return tokens
    }

    static func syntax(_ detail: String, at position: Int) -> StoreError {
        .validation("Statement wasn't well formed, can't be processed: \(detail) at position \(position)")
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" || scalar == "$"
    }
}
