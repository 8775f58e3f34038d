# toolchain-mingw64.cmake - cross-compile the Windows build on Linux with
# MinGW-w64 and run its tests under Wine.
#
#   cmake -S . -B build-mingw -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-mingw64.cmake
#   cmake --build build-mingw
#   cmake/wine-init.sh build-mingw/wineprefix   # once (or the ctest fixture)
#   ctest --test-dir build-mingw                # serial: Wine dislikes -j
#
# Set CR_MINGW_TRIPLE for another target (i686-w64-mingw32 needs wine32).

set(CMAKE_SYSTEM_NAME Windows)
if(NOT CR_MINGW_TRIPLE)
  set(CR_MINGW_TRIPLE x86_64-w64-mingw32)
endif()
string(REGEX MATCH "^[^-]+" CMAKE_SYSTEM_PROCESSOR "${CR_MINGW_TRIPLE}")

find_program(CMAKE_C_COMPILER NAMES ${CR_MINGW_TRIPLE}-gcc
                                    ${CR_MINGW_TRIPLE}-gcc-posix)
find_program(CMAKE_CXX_COMPILER NAMES ${CR_MINGW_TRIPLE}-g++
                                      ${CR_MINGW_TRIPLE}-g++-posix)
find_program(CMAKE_RC_COMPILER NAMES ${CR_MINGW_TRIPLE}-windres windres)
if(NOT CMAKE_C_COMPILER)
  message(FATAL_ERROR "${CR_MINGW_TRIPLE}-gcc not found "
                      "(Debian: apt-get install gcc-mingw-w64-x86-64)")
endif()

# Headers and libraries from the MinGW sysroot only; programs from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${CR_MINGW_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Link the MinGW runtime (libgcc, winpthread) statically, so neither the
# DLL nor the test programs need MinGW DLLs next to them, under Wine or on
# a plain Windows machine.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static -static-libgcc")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static -static-libgcc")

# Run Windows programs (add_test with a target as COMMAND, and
# add_custom_command) under Wine through cmake/wine-run.sh, in a throwaway
# prefix inside the build tree unless WINEPREFIX is set in the environment.
if(NOT DEFINED CMAKE_CROSSCOMPILING_EMULATOR)
  find_program(CR_WINE_LOADER NAMES wine)
  find_program(CR_ENV_PROGRAM NAMES env)
  if(CR_WINE_LOADER AND CR_ENV_PROGRAM)
    set(CMAKE_CROSSCOMPILING_EMULATOR
        "${CR_ENV_PROGRAM};CR_WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix;${CMAKE_CURRENT_LIST_DIR}/wine-run.sh")
  else()
    message(WARNING "wine not found: the Windows build is compiled but its "
                    "tests cannot run (Debian: apt-get install wine)")
  endif()
endif()
