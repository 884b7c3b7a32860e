using System.Runtime.InteropServices;

namespace HyperFlow.Windows;

/// <summary>
/// What window operators store per key and window (or slice): the fold's accumulator and how many
/// elements went into it. The count tells a new entry (count 1 after an add) without a second lookup.
/// </summary>
/// <typeparam name="TAcc">The accumulator type.</typeparam>
[StructLayout(LayoutKind.Sequential)]
internal struct WindowCell<TAcc>
{
    public TAcc Value;
    public long Count;
}
