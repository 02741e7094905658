using System.Text;

namespace Compass.Postgres.Imports;

/// <summary>
/// Reads comma-separated values (RFC 4180): fields may be quoted with <c>"</c>, a quote inside one is doubled, and a
/// quoted field may hold commas and line breaks. Lines end with LF or CRLF; blank lines are skipped. Each record comes
/// with the line it starts on.
/// </summary>
internal sealed class CsvReader
{
    private readonly string _text;
    private readonly string _fileName;
    private readonly StringBuilder _field = new();
    private int _position;
    private int _line = 1;

    public CsvReader(string text, string fileName)
    {
        _text = text;
        _fileName = fileName;
        if (_text.Length > 0 && _text[0] == '\uFEFF')
        {
            _position = 1;
        }
    }

    /// <summary>Reads the next record into <paramref name="fields"/>.</summary>
    /// <returns>The line the record starts on, or 0 at the end.</returns>
    public int Read(List<string> fields)
    {
        fields.Clear();
        while (_position < _text.Length && (_text[_position] == '\n' || (_text[_position] == '\r' && At(_position + 1) == '\n')))
        {
            _position += _text[_position] == '\r' ? 2 : 1;
            _line++;
        }

        if (_position >= _text.Length)
        {
            return 0;
        }

        var start = _line;
        while (true)
        {
            string field;
            if (At(_position) == '"')
            {
                _field.Clear();
                _position++;
                while (true)
                {
                    if (_position >= _text.Length)
                    {
                        throw new ImportException(_fileName, start, null, "a quoted field is not closed; end it with a \" (a quote inside a field is written twice: \"\").");
                    }

                    var c = _text[_position++];
                    if (c == '"')
                    {
                        if (At(_position) == '"')
                        {
                            _field.Append('"');
                            _position++;
                            continue;
                        }

                        break;
                    }

                    if (c == '\n')
                    {
                        _line++;
                    }

                    _field.Append(c);
                }

                var next = At(_position);
                if (next is not (',' or '\n' or '\r' or '\0'))
                {
                    throw new ImportException(_fileName, start, null, "text follows a closing quote; quote the whole field, writing a quote inside it twice (\"\").");
                }

                field = _field.ToString();
            }
            else
            {
                var end = _position;
                while (end < _text.Length && _text[end] is not (',' or '\n') && !(_text[end] == '\r' && At(end + 1) == '\n'))
                {
                    end++;
                }

                field = _text.Substring(_position, end - _position);
                _position = end;
            }

            fields.Add(field);
            var separator = At(_position);
            if (separator == ',')
            {
                _position++;
                continue;
            }

            if (separator == '\r')
            {
                _position++;
            }

            if (At(_position) == '\n')
            {
                _position++;
                _line++;
            }

            return start;
        }
    }

    private char At(int index) => index < _text.Length ? _text[index] : '\0';
}
