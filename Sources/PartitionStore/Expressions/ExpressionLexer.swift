/// One token of an expression, with where it starts and ends (in characters) for error messages.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case identifier  // a bare name, a keyword or a function name
        case nameReference  // #name
        case valueReference  // :value
        case number  // a list index
        case symbol  // ( ) [ ] , . = <> < <= > >= + -
        case invalid  // a character that no token starts with
        case end
    }

    var kind: Kind
    var text: String
    var start: Int
    var end: Int

    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

    /// True for an identifier spelling `keyword` in any letter case.
    func isKeyword(_ keyword: String) -> Bool {
        kind == .identifier && text.count == keyword.count && text.uppercased() == keyword
    }
}

/// Splits expression text into tokens. It never fails: a character no token can start with
/// becomes an `.invalid` token, which the parser reports with its position.
enum ExpressionLexer {
    static func tokens(of text: String) -> [ExpressionToken] {
        let characters = Array(text.unicodeScalars)
        var tokens: [ExpressionToken] = []
        var position = 0

        func take(while predicate: (Unicode.Scalar) -> Bool, from start: Int) -> Int {
            var end = start
            while end < characters.count, predicate(characters[end]) { end += 1 }
            return end
        }
        func slice(_ start: Int, _ end: Int) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: characters[start..<end])
            return string
        }

        while position < characters.count {
            let character = characters[position]
            if character.properties.isWhitespace {
                position += 1
                continue
            }
            let start = position
            let kind: ExpressionToken.Kind
            switch character {
            case "#", ":":
                position = take(while: isNameCharacter, from: position + 1)
                // A lone '#' or ':' is not a reference; report the character itself.
                kind = position == start + 1 ? .invalid : (character == "#" ? .nameReference : .valueReference)
            case _ where isNameStart(character):
                position = take(while: isNameCharacter, from: position)
                kind = .identifier
            case _ where isDigit(character):
                position = take(while: isDigit, from: position)
                kind = .number
            case "<":
                position += 1
                if position < characters.count, characters[position] == ">" || characters[position] == "=" {
                    position += 1
                }
                kind = .symbol
            case ">":
                position += 1
                if position < characters.count, characters[position] == "=" { position += 1 }
                kind = .symbol
            case "(", ")", "[", "]", ",", ".", "=", "+", "-":
                position += 1
                kind = .symbol
            default:
                position += 1
                kind = .invalid
            }
            tokens.append(ExpressionToken(kind: kind, text: slice(start, position), start: start, end: position))
        }
        tokens.append(ExpressionToken(kind: .end, text: "<EOF>", start: characters.count, end: characters.count))
        return tokens
    }

    private static func isNameStart(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character) || character == "_"
    }

    private static func isDigit(_ character: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(character)
    }

    private static func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
        isNameStart(character) || isDigit(character)
    }
}
