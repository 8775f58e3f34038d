// NativeLibraryLoader.cs - makes sure [DllImport("connreset")] finds the
// library that sits next to ConnReset.Interop.dll.
//
// Windows: Windows PowerShell 5.1 (.NET Framework) does not search the
// directory of an assembly loaded with Add-Type -Path, so connreset.dll is
// loaded here by its full path (LoadLibraryExW with
// LOAD_WITH_ALTERED_SEARCH_PATH, so DLLs it needs beside it are found too).
// Later DllImports resolve to the module already loaded under that name.
//
// Linux and macOS: .NET Core probes the assembly directory itself
// (DefaultDllImportSearchPaths in NativeMethods.cs), which the interop tests
// check by loading this assembly from a directory of its own.
using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace ConnReset.Interop
{
    internal static class NativeLibraryLoader
    {
        private const uint LoadWithAlteredSearchPath = 0x00000008;
        private const int ErrorBadExeFormat = 193;

        private static readonly object Gate = new object();
        private static bool attempted;
        private static string loadedPath;
        private static string failure;

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
        private static extern IntPtr LoadLibraryExW(string fileName, IntPtr reserved, uint flags);

        internal static bool IsWindows
        {
            get { return RuntimeInformation.IsOSPlatform(OSPlatform.Windows); }
        }

        /// <summary>The directory that holds ConnReset.Interop.dll, or null when unknown.</summary>
        internal static string AssemblyDirectory
        {
            get
            {
                string location = typeof(NativeLibraryLoader).Assembly.Location;
                return string.IsNullOrEmpty(location) ? null : Path.GetDirectoryName(location);
            }
        }

        /// <summary>The file name of the native library on this OS.</summary>
        internal static string FileName
        {
            get
            {
                if (IsWindows)
                    return "connreset.dll";
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
                    return "libconnreset.dylib";
                return "libconnreset.so";
            }
        }

        /// <summary>Full path of the library preloaded on Windows; null elsewhere or before loading.</summary>
        internal static string LoadedPath
        {
            get { lock (Gate) return loadedPath; }
        }

        /// <summary>Never throws: a failure is kept and reported by <see cref="EnsureLoaded"/>.</summary>
        internal static void Preload()
        {
            lock (Gate)
            {
                if (attempted)
                    return;
                attempted = true;
                if (!IsWindows)
                    return;
                string directory = AssemblyDirectory;
                if (directory == null)
                    return; // loaded from bytes: leave it to the default search
                string path = Path.Combine(directory, FileName);
                if (!File.Exists(path))
                {
                    failure = "The native library '" + path + "' is missing; it must sit next to ConnReset.Interop.dll.";
                    return;
                }
                IntPtr module = LoadLibraryExW(path, IntPtr.Zero, LoadWithAlteredSearchPath);
                if (module == IntPtr.Zero)
                {
                    int error = Marshal.GetLastWin32Error();
                    failure = "The native library '" + path + "' could not be loaded: " +
                              new Win32Exception(error).Message + " (Win32 error " + error + ")" +
                              (error == ErrorBadExeFormat
                                  ? ". It was built for another processor architecture than this " +
                                    (IntPtr.Size == 8 ? "64-bit" : "32-bit") + " process."
                                  : ".");
                    return;
                }
                loadedPath = path;
            }
        }

        /// <summary>Preloads if needed and throws <see cref="DllNotFoundException"/> when that failed.</summary>
        internal static void EnsureLoaded()
        {
            Preload();
            string message;
            lock (Gate)
                message = failure;
            if (message != null)
                throw new DllNotFoundException(message);
        }
    }
}
