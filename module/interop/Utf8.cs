// Utf8.cs - strings across the boundary, by hand: UTF-8 bytes plus a NUL
// going in, a char* read up to its NUL coming back.
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace ConnReset.Interop
{
    internal static class Utf8
    {
        // Strict: a lone surrogate in a path is an error, not a silent '?'.
        private static readonly UTF8Encoding Strict = new UTF8Encoding(false, true);

        /// <summary>The string as NUL-terminated UTF-8, or null for null.</summary>
        internal static byte[] ToNative(string value, string parameterName)
        {
            if (value == null)
                return null;
            if (value.IndexOf('\0') >= 0)
                throw new ArgumentException("The string contains a NUL character.", parameterName);
            byte[] bytes;
            try
            {
                int count = Strict.GetByteCount(value);
                bytes = new byte[count + 1];
                Strict.GetBytes(value, 0, value.Length, bytes, 0);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("The string is not valid Unicode: " + e.Message, parameterName, e);
            }
            return bytes;
        }

        /// <summary>Reads a NUL-terminated UTF-8 string the library owns; null for NULL.</summary>
        internal static string FromNative(IntPtr ptr)
        {
            if (ptr == IntPtr.Zero)
                return null;
            int length = 0;
            while (Marshal.ReadByte(ptr, length) != 0)
                length++;
            if (length == 0)
                return string.Empty;
            var bytes = new byte[length];
            Marshal.Copy(ptr, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }

        /// <summary>Reads a string the library returned to the caller, then releases it with cr_free.</summary>
        internal static string TakeNative(IntPtr ptr)
        {
            try
            {
                return FromNative(ptr);
            }
            finally
            {
                if (ptr != IntPtr.Zero)
                    NativeMethods.cr_free(ptr);
            }
        }
    }

    /// <summary>
    /// A <c>const char *const *</c> argument: each string as pinned NUL-terminated UTF-8, and
    /// the array of pointers to them. Dispose it after the native call returns.
    /// </summary>
    internal sealed class Utf8Array : IDisposable
    {
        private readonly GCHandle[] pins;

        /// <summary>The pointers to pass; valid until <see cref="Dispose"/>.</summary>
        internal IntPtr[] Pointers { get; private set; }

        /// <summary>The number of strings, as size_t.</summary>
        internal UIntPtr Count
        {
            get { return (UIntPtr)(uint)Pointers.Length; }
        }

        /// <summary>Converts and pins <paramref name="values"/>; none may be null.</summary>
        internal Utf8Array(string[] values, string parameterName)
        {
            if (values == null)
                throw new ArgumentNullException(parameterName);
            pins = new GCHandle[values.Length];
            Pointers = new IntPtr[values.Length];
            try
            {
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i] == null)
                        throw new ArgumentNullException(parameterName, "Element " + i + " is null.");
                    pins[i] = GCHandle.Alloc(Utf8.ToNative(values[i], parameterName), GCHandleType.Pinned);
                    Pointers[i] = pins[i].AddrOfPinnedObject();
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>Unpins the strings.</summary>
        public void Dispose()
        {
            for (int i = 0; i < pins.Length; i++)
            {
                if (pins[i].IsAllocated)
                    pins[i].Free();
            }
        }
    }
}
