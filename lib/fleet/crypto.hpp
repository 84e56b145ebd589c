#pragma once
// The few primitives the miners' own APIs need, over OpenSSL (libcrypto) and libcrypt:
// MD5 for HTTP digest authentication (stock Antminer web interface); md5-crypt ("$1$"),
// SHA-256, AES-256-ECB and base64 for MicroBT's btminer API v2 privileged commands. Nothing
// here is a design choice of ours: each is what the firmware expects on the wire.
#include <string>
#include <string_view>

namespace hs::fleet {

std::string md5_hex(std::string_view data);               // 32 lowercase hex digits
std::string sha256_raw(std::string_view data);            // 32 bytes
std::string sha256_hex(std::string_view data);
// crypt(3) with an MD5 salt: "$1$<salt>$<22 chars>" (libcrypt); throws std::runtime_error
// when the library refuses the salt.
std::string md5_crypt(std::string_view word, std::string_view salt);
std::string base64_encode(std::string_view data);         // no line breaks
// Whitespace ignored; nullopt-like empty result and ok=false on bad input.
bool base64_decode(std::string_view text, std::string& out);
// AES-256 in ECB mode without padding: the plaintext is NUL-padded to 16 bytes by the caller
// (btminer's convention); decryption returns the raw blocks. key: 32 bytes. false on error.
bool aes256_ecb(std::string_view key, std::string_view in, bool encrypt, std::string& out);

}  // namespace hs::fleet
