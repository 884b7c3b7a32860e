using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// Makes a directory's entries durable: after a file is created, renamed or removed, the change is
/// only on disk once the directory itself is flushed (fsync of the directory, on POSIX systems).
/// </summary>
/// <remarks>
/// .NET 10 has no API for it: <see cref="File.OpenHandle"/> refuses directories (it fails with
/// <see cref="UnauthorizedAccessException"/> after its own fstat check). So the directory is opened
/// read-only with libc's <c>open</c> through <see cref="LibraryImportAttribute"/> (AOT-safe), the
/// descriptor is wrapped in a <see cref="SafeFileHandle"/> (which closes it), and
/// <see cref="RandomAccess.FlushToDisk"/> calls fsync on it: that works on a directory descriptor.
/// On Windows there is nothing to do: NTFS journals renames, and directories cannot be flushed.
/// </remarks>
public static partial class DirectorySync
{
    // O_CLOEXEC keeps the descriptor out of processes started meanwhile; its value differs per OS.
    private const int LinuxCloseOnExec = 0x80000;
    private const int MacCloseOnExec = 0x1000000;

    /// <summary>Flushes a directory's entries to disk.</summary>
    /// <param name="directory">The directory.</param>
    /// <exception cref="IOException">The directory cannot be opened or flushed.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int flags = OperatingSystem.IsLinux() ? LinuxCloseOnExec : OperatingSystem.IsMacOS() ? MacCloseOnExec : 0;
        int descriptor = Open(directory, flags);
        if (descriptor < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open directory '{directory}' to flush it to disk: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        RandomAccess.FlushToDisk(handle);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);
}
