using System.Globalization;
using System.Text;

namespace Compass.Kserve.Tests.Vm;

/// <summary>An HCL body: attributes and blocks, in order.</summary>
internal sealed record HclBody(IReadOnlyDictionary<string, HclExpr> Attributes, IReadOnlyList<HclBlock> Blocks)
{
    public IEnumerable<HclBlock> All(string type) => Blocks.Where(b => b.Type == type);

    public HclBlock Single(string type, params string[] labels)
    {
        var found = Blocks.Where(b => b.Type == type && b.Labels.SequenceEqual(labels)).ToList();
        Assert.True(found.Count == 1, $"expected one block {type} {string.Join(' ', labels)}, found {found.Count}");
        return found[0];
    }

    public HclExpr this[string name] => Attributes.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no attribute '{name}'");
}

/// <summary>An HCL block: <c>type "label" … { body }</c>.</summary>
internal sealed record HclBlock(string Type, IReadOnlyList<string> Labels, HclBody Body);

/// <summary>An HCL expression.</summary>
internal abstract record HclExpr;

/// <summary>A quoted string: its value with escapes resolved, and the interpolations (<c>${…}</c>) it holds, as source text.</summary>
internal sealed record HclString(string Value, IReadOnlyList<string> Interpolations) : HclExpr;

internal sealed record HclNumber(double Value) : HclExpr;

internal sealed record HclBool(bool Value) : HclExpr;

internal sealed record HclNull : HclExpr;

internal sealed record HclTuple(IReadOnlyList<HclExpr> Items) : HclExpr;

internal sealed record HclObject(IReadOnlyDictionary<string, HclExpr> Items) : HclExpr;

/// <summary>A reference such as <c>var.region</c> or <c>aws_instance.compass[*].public_ip</c>, as source text.</summary>
internal sealed record HclTraversal(string Path) : HclExpr;

internal sealed record HclCall(string Name, IReadOnlyList<HclExpr> Arguments) : HclExpr;

/// <summary>A <c>for</c> expression, kept as source text.</summary>
internal sealed record HclFor(string Source) : HclExpr;

/// <summary>
/// A parser for the HCL native syntax Terraform files use: blocks, attributes, strings with escapes and
/// interpolations, numbers, booleans, null, tuples, objects, references, function calls and <c>for</c> expressions.
/// Anything else (operators, heredocs, conditionals) is a parse error, so a generator that starts writing them is noticed.
/// </summary>
internal sealed class HclParser
{
    private readonly string _text;
    private int _pos;

    private HclParser(string text) => _text = text;

    public static HclBody Parse(string text)
    {
        var parser = new HclParser(text);
        var body = parser.ParseBody(topLevel: true);
        parser.SkipTrivia(newlines: true);
        if (parser._pos != text.Length)
        {
            throw parser.Error("unexpected text after the last block");
        }

        return body;
    }

    private HclBody ParseBody(bool topLevel)
    {
        var attributes = new Dictionary<string, HclExpr>(StringComparer.Ordinal);
        var blocks = new List<HclBlock>();
        while (true)
        {
            SkipTrivia(newlines: true);
            if (_pos >= _text.Length)
            {
                if (!topLevel)
                {
                    throw Error("unclosed block");
                }

                break;
            }

            if (_text[_pos] == '}')
            {
                if (topLevel)
                {
                    throw Error("'}' without a block");
                }

                _pos++;
                break;
            }

            var name = Identifier();
            SkipTrivia(newlines: false);
            if (Peek() == '=' && PeekAt(1) != '=')
            {
                _pos++;
                var value = Expression();
                if (!attributes.TryAdd(name, value))
                {
                    throw Error($"attribute '{name}' set twice");
                }

                EndOfLine();
                continue;
            }

            var labels = new List<string>();
            while (Peek() == '"')
            {
                var label = QuotedString();
                if (label.Interpolations.Count > 0)
                {
                    throw Error("a block label holds an interpolation");
                }

                labels.Add(label.Value);
                SkipTrivia(newlines: false);
            }

            Expect('{');
            blocks.Add(new HclBlock(name, labels, ParseBody(topLevel: false)));
        }

        return new HclBody(attributes, blocks);
    }

    private HclExpr Expression()
    {
        SkipTrivia(newlines: false);
        var c = Peek();
        if (c == '"')
        {
            return QuotedString();
        }

        if (c == '[')
        {
            if (LooksLikeFor())
            {
                return new HclFor(Balanced('[', ']'));
            }

            _pos++;
            var items = new List<HclExpr>();
            while (true)
            {
                SkipTrivia(newlines: true);
                if (Peek() == ']')
                {
                    _pos++;
                    return new HclTuple(items);
                }

                items.Add(Expression());
                SkipTrivia(newlines: true);
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != ']')
                {
                    throw Error("expected ',' or ']' in a tuple");
                }
            }
        }

        if (c == '{')
        {
            if (LooksLikeFor())
            {
                return new HclFor(Balanced('{', '}'));
            }

            _pos++;
            var items = new Dictionary<string, HclExpr>(StringComparer.Ordinal);
            while (true)
            {
                SkipTrivia(newlines: true);
                if (Peek() == '}')
                {
                    _pos++;
                    return new HclObject(items);
                }

                var key = Peek() == '"' ? QuotedString().Value : Identifier();
                SkipTrivia(newlines: false);
                if (Peek() is not ('=' or ':'))
                {
                    throw Error("expected '=' in an object");
                }

                _pos++;
                if (!items.TryAdd(key, Expression()))
                {
                    throw Error($"object key '{key}' set twice");
                }

                SkipTrivia(newlines: false);
                if (Peek() == ',')
                {
                    _pos++;
                }
            }
        }

        if (char.IsAsciiDigit(c) || (c == '-' && char.IsAsciiDigit(PeekAt(1))))
        {
            var start = _pos++;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] == '.'))
            {
                _pos++;
            }

            return new HclNumber(double.Parse(_text[start.._pos], CultureInfo.InvariantCulture));
        }

        var start2 = _pos;
        var name = Identifier();
        switch (name)
        {
            case "true": return new HclBool(true);
            case "false": return new HclBool(false);
            case "null": return new HclNull();
        }

        if (Peek() == '(')
        {
            _pos++;
            var args = new List<HclExpr>();
            while (true)
            {
                SkipTrivia(newlines: true);
                if (Peek() == ')')
                {
                    _pos++;
                    return new HclCall(name, args);
                }

                args.Add(Expression());
                SkipTrivia(newlines: true);
                if (Peek() == ',')
                {
                    _pos++;
                }
            }
        }

        while (_pos < _text.Length)
        {
            if (Peek() == '.' && (char.IsAsciiLetter(PeekAt(1)) || PeekAt(1) == '_'))
            {
                _pos++;
                Identifier();
            }
            else if (Peek() == '[')
            {
                Balanced('[', ']');
            }
            else
            {
                break;
            }
        }

        return new HclTraversal(_text[start2.._pos]);
    }

    private bool LooksLikeFor()
    {
        var i = _pos + 1;
        while (i < _text.Length && char.IsWhiteSpace(_text[i]))
        {
            i++;
        }

        return string.CompareOrdinal(_text, i, "for ", 0, 4) == 0;
    }

    private string Balanced(char open, char close)
    {
        var start = _pos;
        var depth = 0;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '"')
            {
                QuotedString();
                continue;
            }

            _pos++;
            if (c == open)
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                return _text[start.._pos];
            }
        }

        throw Error($"unclosed '{open}'");
    }

    private HclString QuotedString()
    {
        Expect('"');
        var value = new StringBuilder();
        var interpolations = new List<string>();
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] == '\n')
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return new HclString(value.ToString(), interpolations);
            }

            if (c == '\\')
            {
                var e = _text[_pos++];
                value.Append(e switch
                {
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    '"' => "\"",
                    '\\' => "\\",
                    'u' => ((char)int.Parse(_text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                    _ => throw Error($"unknown escape '\\{e}'"),
                });
                if (e == 'u')
                {
                    _pos += 4;
                }

                continue;
            }

            if ((c == '$' || c == '%') && Peek() == c && PeekAt(1) == '{')
            {
                // $${ and %%{ are a literal ${ and %{.
                value.Append(c).Append('{');
                _pos += 2;
                continue;
            }

            if ((c == '$' || c == '%') && Peek() == '{')
            {
                var start = _pos + 1;
                var end = _text.IndexOf('}', start);
                if (end < 0)
                {
                    throw Error("unterminated interpolation");
                }

                interpolations.Add(_text[start..end].Trim());
                value.Append(c).Append('{').Append(_text[start..end]).Append('}');
                _pos = end + 1;
                continue;
            }

            value.Append(c);
        }
    }

    private string Identifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '-'))
        {
            _pos++;
        }

        if (_pos == start || !(char.IsAsciiLetter(_text[start]) || _text[start] == '_'))
        {
            throw Error("expected an identifier");
        }

        return _text[start.._pos];
    }

    private void EndOfLine()
    {
        SkipTrivia(newlines: false);
        if (_pos < _text.Length && _text[_pos] != '\n' && _text[_pos] != '}')
        {
            throw Error("expected the end of the line after an attribute");
        }
    }

    private void SkipTrivia(bool newlines)
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '#' || (c == '/' && PeekAt(1) == '/'))
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '\n' ? newlines : char.IsWhiteSpace(c))
            {
                _pos++;
            }
            else
            {
                break;
            }
        }
    }

    private void Expect(char c)
    {
        SkipTrivia(newlines: false);
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }

        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private char PeekAt(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private FormatException Error(string what)
    {
        var line = _text.AsSpan(0, Math.Min(_pos, _text.Length)).Count('\n') + 1;
        return new FormatException($"HCL line {line}: {what}");
    }
}
