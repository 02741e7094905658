using System.Globalization;
using System.Text;

namespace Compass.Kserve.Vm;

/// <summary>Writes HCL values: quoted strings with every escape HCL knows, so no value can end a string or start an interpolation.</summary>
internal static class Hcl
{
    public static string Str(string value)
    {
        var builder = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '$' or '%' when i + 1 < value.Length && value[i + 1] == '{': builder.Append(c).Append(c); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    public static string Num(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
