using System.ComponentModel;
using System.Globalization;

namespace Compass.Core.Serialization;

/// <summary>Converts <see cref="KvCacheFormat"/> from and to text, so that options bound from configuration can hold one.</summary>
internal sealed class KvCacheFormatTypeConverter : TypeConverter
{
    /// <inheritdoc />
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType)
        => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    /// <inheritdoc />
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text ? KvCacheFormat.Parse(text) : base.ConvertFrom(context, culture, value);

    /// <inheritdoc />
    public override object? ConvertTo(ITypeDescriptorContext? context, CultureInfo? culture, object? value, Type destinationType)
        => value is KvCacheFormat format && destinationType == typeof(string) ? format.Value : base.ConvertTo(context, culture, value, destinationType);
}
