using System;
using System.Text;

namespace HyperFlow.Generators
{
    /// <summary>A small indented text writer for generated code: deterministic, newline "\n", four-space indent.</summary>
    internal sealed class SourceWriter
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', _indent * 4).Append(text);
            }

            _sb.Append('\n');
        }

        public void Open(string header)
        {
            Line(header);
            OpenBlock();
        }

        public void OpenBlock()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            if (_indent == 0)
            {
                throw new InvalidOperationException("Unbalanced Close in generated code.");
            }

            _indent--;
            Line("}" + suffix);
        }

        public override string ToString() => _sb.ToString();
    }
}
