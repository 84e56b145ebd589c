# Every dependency is a Debian 12 package installed by scripts/install-deps.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(date REQUIRED)                 # libhowardhinnant-date-dev: date::date-tz
find_package(OpenCL REQUIRED)               # ocl-icd-opencl-dev + opencl-headers
find_package(SQLite3 REQUIRED)
find_package(CURL REQUIRED)
find_package(tomlplusplus REQUIRED)
pkg_check_modules(CLP REQUIRED IMPORTED_TARGET clp)
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(PUGIXML REQUIRED IMPORTED_TARGET pugixml)
pkg_check_modules(OPENBLAS REQUIRED IMPORTED_TARGET openblas)
find_package(OpenSSL REQUIRED)             # libssl-dev: libcrypto (MD5, SHA-256, AES) for the miners' own APIs
pkg_check_modules(LIBCRYPT REQUIRED IMPORTED_TARGET libcrypt)  # libcrypt-dev (libxcrypt): md5-crypt for btminer

# libcsv ships only a static archive and a header, no CMake or pkg-config file.
find_path(LIBCSV_INCLUDE_DIR csv.h REQUIRED)
find_library(LIBCSV_LIBRARY NAMES csv REQUIRED)
add_library(libcsv::libcsv UNKNOWN IMPORTED)
set_target_properties(libcsv::libcsv PROPERTIES IMPORTED_LOCATION "${LIBCSV_LIBRARY}"
                      INTERFACE_INCLUDE_DIRECTORIES "${LIBCSV_INCLUDE_DIR}")
