using System.Text;

namespace ActorMailProxy.Routing.Config;

/// <summary>
/// Splits perdition.conf and popmap.re text into logical <c>&lt;key&gt; &lt;value&gt;</c> lines by the rules of
/// perdition(8) "CONFIGURATION FILE", as perdition's own reader applies them:
/// <c>#</c> starts a comment; a backslash escapes the next character and joins lines when that character is a
/// newline (inside a comment too, so a continued comment stays a comment); <c>'...'</c> is literal; inside
/// <c>"..."</c> a backslash still escapes the next character; adjacent quoted pieces concatenate.
/// </summary>
public static class PerditionFileLexer
{
    public static PerditionLexResult Lex(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Scanner().Run(text.Replace("\r\n", "\n").Replace('\r', '\n'));
    }

    private sealed class Scanner
    {
        private readonly List<PerditionLine> _lines = [];
        private readonly List<PerditionLexError> _errors = [];
        private readonly LogicalLine _current = new();
        private int _physicalLine = 1;
        private char _quote;
        private int _quoteLine;
        private bool _escaped;
        private bool _inComment;

        public PerditionLexResult Run(string text)
        {
            foreach (var c in text)
            {
                Step(c);
                if (c == '\n')
                {
                    _physicalLine++;
                }
            }

            if (_quote != '\0')
            {
                Unterminated();
            }

            EndLine();
            return new PerditionLexResult(_lines, _errors);
        }

        private void Step(char c)
        {
            if (_escaped)
            {
                _escaped = false;
                Escaped(c);
            }
            else if (_inComment)
            {
                Comment(c);
            }
            else if (_quote == '\'')
            {
                SingleQuoted(c);
            }
            else if (_quote == '"')
            {
                DoubleQuoted(c);
            }
            else
            {
                Unquoted(c);
            }
        }

        private void Escaped(char c)
        {
            // An escaped newline joins lines; inside a comment the escaped character is still comment.
            if (c != '\n' && !_inComment)
            {
                _current.AppendProtected(c, _physicalLine);
            }
        }

        private void Comment(char c)
        {
            if (c == '\\')
            {
                _escaped = true;
            }
            else if (c == '\n')
            {
                _inComment = false;
                EndLine();
            }
        }

        private void SingleQuoted(char c)
        {
            switch (c)
            {
                case '\'': CloseQuote(); break;
                case '\n': Unterminated(); break;
                default: _current.AppendProtected(c, _physicalLine); break;
            }
        }

        private void DoubleQuoted(char c)
        {
            switch (c)
            {
                case '\\': _escaped = true; break;
                case '"': CloseQuote(); break;
                case '\n': Unterminated(); break;
                default: _current.AppendProtected(c, _physicalLine); break;
            }
        }

        private void Unquoted(char c)
        {
            switch (c)
            {
                case '\\': _escaped = true; break;
                case '#': _inComment = true; break;
                case '\'' or '"': OpenQuote(c); break;
                case ' ' or '\t': _current.Whitespace(c); break;
                case '\n': EndLine(); break;
                default: _current.AppendPlain(c, _physicalLine); break;
            }
        }

        private void OpenQuote(char quote)
        {
            _quote = quote;
            _quoteLine = _physicalLine;
            _current.OpenQuote(_physicalLine);
        }

        private void CloseQuote()
        {
            _quote = '\0';
            _current.CloseQuote();
        }

        private void Unterminated()
        {
            var name = _quote == '\'' ? "single" : "double";
            _errors.Add(new PerditionLexError(_quoteLine, $"unterminated {name} quote"));
            _quote = '\0';
            _current.Discard();
        }

        private void EndLine()
        {
            if (_current.Take() is { } line)
            {
                _lines.Add(line);
            }
        }
    }

    /// <summary>The key and value being built; quoted or escaped characters are "protected" from trimming.</summary>
    private sealed class LogicalLine
    {
        private readonly StringBuilder _key = new();
        private readonly StringBuilder _value = new();
        private int _startLine;
        private bool _keyStarted;
        private bool _keyDone;
        private bool _valueStarted;
        private int _protectedLength;

        public void AppendPlain(char c, int line)
        {
            Start(line);
            if (_keyDone)
            {
                _valueStarted = true;
                _value.Append(c);
            }
            else
            {
                _key.Append(c);
            }
        }

        public void AppendProtected(char c, int line)
        {
            AppendPlain(c, line);
            CloseQuote();
        }

        public void Whitespace(char c)
        {
            if (!_keyStarted)
            {
                return;
            }

            if (!_keyDone)
            {
                _keyDone = true;
            }
            else if (_valueStarted)
            {
                _value.Append(c);
            }
        }

        public void OpenQuote(int line)
        {
            Start(line);
            _valueStarted = _keyDone;
        }

        public void CloseQuote()
        {
            if (_keyDone)
            {
                _protectedLength = _value.Length;
            }
        }

        public PerditionLine? Take()
        {
            PerditionLine? line = null;
            if (_keyStarted)
            {
                var end = _value.Length;
                while (end > _protectedLength && _value[end - 1] is ' ' or '\t')
                {
                    end--;
                }

                line = new PerditionLine(_startLine, _key.ToString(), _value.ToString(0, end));
            }

            Discard();
            return line;
        }

        public void Discard()
        {
            _key.Clear();
            _value.Clear();
            _keyStarted = _keyDone = _valueStarted = false;
            _protectedLength = 0;
        }

        private void Start(int line)
        {
            if (!_keyStarted)
            {
                _keyStarted = true;
                _startLine = line;
            }
        }
    }
}
