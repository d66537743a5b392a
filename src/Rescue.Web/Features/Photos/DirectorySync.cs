using System.Runtime.InteropServices;

namespace Rescue.Web.Features.Photos;

/// <summary>
/// Flushes a folder's entries to the disk, so a file renamed into it survives a power cut.
/// .NET can flush a file (<see cref="FileStream.Flush(bool)"/>) but has no call for a folder: POSIX
/// <c>open</c> + <c>fsync</c> from libc.
/// </summary>
internal static class DirectorySync
{
    private const int ReadOnly = 0;
    private const int InvalidArgument = 22;

    public static void Flush(string directory)
    {
        // Windows cannot open a folder for flushing; NTFS journals the rename itself.
        if (OperatingSystem.IsWindows()) return;

        var fd = Open(directory, ReadOnly);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            // EINVAL means the file system has no such step (some network and FUSE mounts): the rename stands.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() != InvalidArgument) throw Failure("fsync", directory);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory) =>
        new($"{call} of folder {directory} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
