namespace HyperFlow.Runtime.Tests.Windows;

/// <summary>A fresh directory under the temp path for FASTER's files, deleted with everything in it on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory() =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hyperflow-window-tests", Guid.NewGuid().ToString("N"))).FullName;

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
